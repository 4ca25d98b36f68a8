//! Logical resource addresses (`vpc/devloop/sg/app`) put on diagnostics, so that JSON and SARIF
//! consumers can identify a finding independently of its line number.

use vpcsim_model::{
    CacheId, DbId, EniId, EniOwner, InstanceId, LbId, Model, NaclId, NatId, RouteTableId, SgId,
    SubnetId, TgId, VpcId,
};

fn in_vpc(model: &Model, vpc: VpcId, kind: &str, name: &str) -> String {
    format!("vpc/{}/{kind}/{name}", model.vpc(vpc).name)
}

/// `vpc/NAME`.
pub(crate) fn vpc(model: &Model, id: VpcId) -> String {
    format!("vpc/{}", model.vpc(id).name)
}
/// `vpc/V/subnet/NAME`.
pub(crate) fn subnet(model: &Model, id: SubnetId) -> String {
    let subnet = model.subnet(id);
    in_vpc(model, subnet.vpc, "subnet", &subnet.name)
}
/// `vpc/V/route_table/NAME`.
pub(crate) fn route_table(model: &Model, id: RouteTableId) -> String {
    let table = model.route_table(id);
    in_vpc(model, table.vpc, "route_table", &table.name)
}
/// `vpc/V/sg/NAME`.
pub(crate) fn sg(model: &Model, id: SgId) -> String {
    let group = model.security_group(id);
    in_vpc(model, group.vpc, "sg", &group.name)
}
/// `vpc/V/nacl/NAME`.
pub(crate) fn nacl(model: &Model, id: NaclId) -> String {
    let acl = model.network_acl(id);
    in_vpc(model, acl.vpc, "nacl", &acl.name)
}
/// `vpc/V/nat/NAME`.
pub(crate) fn nat(model: &Model, id: NatId) -> String {
    let nat = model.nat_gateway(id);
    in_vpc(model, nat.vpc, "nat", &nat.name)
}
/// `vpc/V/instance/NAME`.
pub(crate) fn instance(model: &Model, id: InstanceId) -> String {
    let instance = model.instance(id);
    in_vpc(model, instance.vpc, "instance", &instance.name)
}
/// `vpc/V/lb/NAME`.
pub(crate) fn lb(model: &Model, id: LbId) -> String {
    let lb = model.load_balancer(id);
    in_vpc(model, lb.vpc, "lb", &lb.name)
}
/// `vpc/V/target_group/NAME`.
pub(crate) fn target_group(model: &Model, id: TgId) -> String {
    let tg = model.target_group(id);
    in_vpc(model, tg.vpc, "target_group", &tg.name)
}
/// `vpc/V/database/NAME`.
pub(crate) fn database(model: &Model, id: DbId) -> String {
    let db = model.database(id);
    in_vpc(model, db.vpc, "database", &db.name)
}
/// `vpc/V/cache/NAME`.
pub(crate) fn cache(model: &Model, id: CacheId) -> String {
    let cache = model.cache(id);
    in_vpc(model, cache.vpc, "cache", &cache.name)
}
/// `vpc/V/elastic_ip/NAME`.
pub(crate) fn elastic_ip(model: &Model, index: usize) -> String {
    let eip = &model.elastic_ips[index];
    in_vpc(model, eip.vpc, "elastic_ip", &eip.name)
}
/// `peering/NAME`.
pub(crate) fn peering(model: &Model, index: usize) -> String {
    format!("peering/{}", model.peerings[index].name)
}
/// `transit_gateway/NAME`.
pub(crate) fn tgw(model: &Model, index: usize) -> String {
    format!("transit_gateway/{}", model.transit_gateways[index].name)
}
/// The address of whatever owns an ENI.
pub(crate) fn eni_owner(model: &Model, id: EniId) -> String {
    let eni = model.eni(id);
    match eni.owner {
        EniOwner::Instance(instance_id) => instance(model, instance_id),
        EniOwner::Standalone => in_vpc(model, eni.vpc, "network_interface", &eni.name),
        EniOwner::NatGateway(nat_id) => nat(model, nat_id),
        EniOwner::LoadBalancer(lb_id) => lb(model, lb_id),
        EniOwner::Database(db_id) => database(model, db_id),
        EniOwner::Cache(cache_id) => cache(model, cache_id),
        EniOwner::Endpoint(endpoint_id) => in_vpc(
            model,
            eni.vpc,
            "endpoint",
            &model.endpoint(endpoint_id).name,
        ),
    }
}
