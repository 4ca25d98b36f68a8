//! Network interfaces: the ENI constructor every addressable resource goes through, EC2
//! instances (their primary ENI) and standalone or secondary network interfaces.
//!
//! Kept apart from the services that own ENIs (load balancers, databases, endpoints) because
//! `new_eni` is the one place an ENI joins its subnet and its security groups.

use std::net::Ipv4Addr;

use super::{PendingIp, Resolver};
use crate::filter::PortRange;
use crate::ids::*;
use crate::model::*;
use crate::schema::{self, FlagOrText};
use crate::span::{Loc, Span};

impl<'d> Resolver<'d> {
    /// Creates an ENI; its private IP is chosen later (explicit ones are reserved first).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_eni(
        &mut self,
        name: String,
        span: Span,
        owner: EniOwner,
        vpc: VpcId,
        subnet: SubnetId,
        requested_ip: Option<&Loc<String>>,
        security_groups: Vec<SgId>,
        ephemeral_ports: PortRange,
    ) -> EniId {
        let id = EniId::from_index(self.model.enis.len());
        for sg in &security_groups {
            self.model.security_groups[sg.index()].members.push(id);
        }
        self.model.enis.push(Eni {
            name,
            span,
            owner,
            vpc,
            subnet,
            private_ip: Ipv4Addr::UNSPECIFIED,
            private_ip_assigned: requested_ip.is_none(),
            public_ip: None,
            ipv6: None,
            security_groups,
            source_dest_check: true,
            ephemeral_ports,
        });
        self.model.subnets[subnet.index()].enis.push(id);
        self.pending_ips.push(PendingIp {
            eni: id,
            requested: requested_ip.cloned(),
        });
        id
    }

    /// Reports the keys of a `private_ips` map (§15.7: a managed interface's real address per
    /// subnet) that name none of the owner's `subnets`.
    pub(super) fn check_pinned_ips(
        &mut self,
        pins: &schema::NamedMap<Loc<String>>,
        subnets: &[SubnetId],
        owner: &str,
    ) {
        for key in pins.keys() {
            if !subnets
                .iter()
                .any(|subnet| self.model.subnets[subnet.index()].name == key.value)
            {
                self.error(
                    "VAL040",
                    key.span,
                    format!(
                        "`private_ips` names subnet `{}`, which is not one of the subnets of {owner}",
                        key.value
                    ),
                );
            }
        }
    }

    pub(super) fn instances(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, instance) in &vpc.instances {
            let Some(subnet) = self.subnet_ref(vpc_id, &instance.subnet) else {
                continue;
            };
            let os = match instance.os.as_ref().map(|o| o.value.to_ascii_lowercase()) {
                None => Os::Linux,
                Some(o) if o == "linux" => Os::Linux,
                Some(o) if o == "windows" => Os::Windows,
                Some(other) => {
                    let span = instance.os.as_ref().map_or(name.span, |o| o.span);
                    self.error(
                        "VAL001",
                        span,
                        format!("os `{other}` is neither linux nor windows"),
                    );
                    Os::Linux
                }
            };
            let ephemeral = match os {
                Os::Linux => PortRange::LINUX_EPHEMERAL,
                Os::Windows => PortRange::WINDOWS_EPHEMERAL,
            };
            let groups = self.security_groups_of(
                vpc_id,
                &instance.security_groups,
                &format!("instance `{}`", name.value),
                name.span,
            );
            let id = InstanceId::from_index(self.model.instances.len());
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                EniOwner::Instance(id),
                vpc_id,
                subnet,
                instance.private_ip.as_ref(),
                groups,
                ephemeral,
            );
            if let Some(check) = &instance.source_dest_check {
                self.model.enis[eni.index()].source_dest_check = check.value;
            }
            // §3.6: the subnet's MapPublicIpOnLaunch, overridable per launch; it maps to the
            // primary private IP of the primary ENI (§3.3).
            let subnet_default = self.model.subnets[subnet.index()].public_ip_on_launch;
            let public = match &instance.public_ip {
                None => subnet_default.then_some(None),
                Some(value) => match &value.value {
                    FlagOrText::Flag(true) => Some(None),
                    FlagOrText::Flag(false) => None,
                    FlagOrText::Text(text) => {
                        match self.parse_ip(&Loc::at(text.clone(), value.span), "public IP") {
                            Some(address) => {
                                self.pinned_public.insert(address);
                                Some(Some(address))
                            }
                            None => None,
                        }
                    }
                },
            };
            if let Some(pinned) = public {
                self.pending_public
                    .push((eni, pinned, PublicIpKind::AutoAssigned));
            }
            if let Some(eip) = &instance.elastic_ip {
                self.attach_elastic_ip(vpc_id, eni, eip);
            }
            self.pending_ipv6.push((eni, instance.ipv6_address.clone()));
            self.model.instances.push(Instance {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                primary_eni: eni,
                enis: vec![eni],
                os,
            });
            self.names[vpc_id.index()]
                .instances
                .insert(name.value.as_str(), id);
        }
    }

    pub(super) fn network_interfaces(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, interface) in &vpc.network_interfaces {
            let Some(subnet) = self.subnet_ref(vpc_id, &interface.subnet) else {
                continue;
            };
            let instance = match &interface.instance {
                Some(reference) => self.lookup(vpc_id, reference, "instance", |n| &n.instances),
                None => None,
            };
            let groups = self.security_groups_of(
                vpc_id,
                &interface.security_groups,
                &format!("network interface `{}`", name.value),
                name.span,
            );
            let (owner, ephemeral) = match instance {
                Some(id) => (
                    EniOwner::Instance(id),
                    self.model.enis[self.model.instances[id.index()].primary_eni.index()]
                        .ephemeral_ports,
                ),
                None => (EniOwner::Standalone, PortRange::LINUX_EPHEMERAL),
            };
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                owner,
                vpc_id,
                subnet,
                interface.private_ip.as_ref(),
                groups,
                ephemeral,
            );
            if let Some(check) = &interface.source_dest_check {
                self.model.enis[eni.index()].source_dest_check = check.value;
            }
            self.pending_ipv6
                .push((eni, interface.ipv6_address.clone()));
            if let Some(eip) = &interface.elastic_ip {
                self.attach_elastic_ip(vpc_id, eni, eip);
            }
            if let Some(instance) = instance {
                self.model.instances[instance.index()].enis.push(eni);
            }
            self.names[vpc_id.index()]
                .enis
                .insert(name.value.as_str(), eni);
        }
    }
}
