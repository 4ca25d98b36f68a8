//! The one code → rule table (one file per rule, one registry). A new rule adds one line here; codes are never
//! reused, and a removed rule's code stays reserved (listed in `RESERVED`).

use crate::rule::Rule;
use crate::rules::*;

macro_rules! rule {
    ($category:ident :: $module:ident :: $rule:ident) => {
        Rule {
            meta: $category::$module::$rule::META,
            check: $category::$module::check,
        }
    };
}

/// Every rule, ordered by code.
static RULES: &[Rule] = &[
    rule!(cidr::docker_bridge_vpc_block::DockerBridgeVpcBlock),
    rule!(cidr::overlapping_tgw_vpc_blocks::OverlappingTgwVpcBlocks),
    rule!(cidr::subnet_near_capacity::SubnetNearCapacity),
    rule!(db::publicly_accessible_database::PubliclyAccessibleDatabase),
    rule!(db::public_database_in_private_subnets::PublicDatabaseInPrivateSubnets),
    rule!(db::cache_open_to_internet::CacheOpenToInternet),
    rule!(db::single_az_cache_subnet_group::SingleAzCacheSubnetGroup),
    rule!(eip::unused_elastic_ip::UnusedElasticIp),
    rule!(exposure::admin_ports_open_to_world::AdminPortsOpenToWorld),
    rule!(exposure::ipv6_open_where_ipv4_restricted::Ipv6OpenWhereIpv4Restricted),
    rule!(lb::alb_subnet_too_small::AlbSubnetTooSmall),
    rule!(lb::internet_facing_lb_in_private_subnet::InternetFacingLbInPrivateSubnet),
    rule!(lb::internal_lb_open_to_world::InternalLbOpenToWorld),
    rule!(lb::target_sg_blocks_lb::TargetSgBlocksLb),
    rule!(lb::lb_sg_egress_blocks_targets::LbSgEgressBlocksTargets),
    rule!(lb::target_in_disabled_az::TargetInDisabledAz),
    rule!(lb::lb_az_without_targets::LbAzWithoutTargets),
    rule!(lb::nlb_targets_unreachable_without_sg::NlbTargetsUnreachableWithoutSg),
    rule!(nacl::empty_custom_nacl::EmptyCustomNacl),
    rule!(nacl::shadowed_nacl_deny::ShadowedNaclDeny),
    rule!(nacl::redundant_nacl_entry::RedundantNaclEntry),
    rule!(nacl::nacl_blocks_return_traffic::NaclBlocksReturnTraffic),
    rule!(nacl::unused_network_acl::UnusedNetworkAcl),
    rule!(nacl::nacl_without_ipv6_entries::NaclWithoutIpv6Entries),
    rule!(route::blackhole_route::BlackholeRoute),
    rule!(route::route_to_inactive_peering::RouteToInactivePeering),
    rule!(route::public_subnet_without_public_ips::PublicSubnetWithoutPublicIps),
    rule!(route::public_ip_without_igw_route::PublicIpWithoutIgwRoute),
    rule!(route::nat_gateway_without_igw_route::NatGatewayWithoutIgwRoute),
    rule!(route::nat_route_loop::NatRouteLoop),
    rule!(route::cross_az_nat_route::CrossAzNatRoute),
    rule!(route::private_nat_routed_to_igw::PrivateNatRoutedToIgw),
    rule!(route::one_sided_peering_routes::OneSidedPeeringRoutes),
    rule!(route::missing_gateway_endpoint_route::MissingGatewayEndpointRoute),
    rule!(route::source_dest_check_on_route_target::SourceDestCheckOnRouteTarget),
    rule!(route::unused_route_table::UnusedRouteTable),
    rule!(route::ipv6_default_route_to_igw_in_private_subnet::Ipv6DefaultRouteToIgwInPrivateSubnet),
    rule!(route::egress_only_igw_without_route::EgressOnlyIgwWithoutRoute),
    rule!(route::vpn_route_not_covered::VpnRouteNotCovered),
    rule!(sg::all_protocol_with_port_range::AllProtocolWithPortRange),
    rule!(sg::sg_without_egress::SgWithoutEgress),
    rule!(sg::unmatchable_sg_reference::UnmatchableSgReference),
    rule!(sg::unused_security_group::UnusedSecurityGroup),
    rule!(sg::egress_misses_endpoint_prefix_list::EgressMissesEndpointPrefixList),
];

/// Codes of removed rules, never to be reused.
pub const RESERVED: &[&str] = &[];

/// Every rule, ordered by code.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The rule with this code (case-insensitive).
pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|rule| rule.meta.code.eq_ignore_ascii_case(code))
}

/// The rule with this kebab-case name.
pub fn rule_by_name(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.meta.name == name)
}
