//! RT004: a public IP or EIP on an interface whose subnet has no route to an internet gateway
//! (§3.4, §12.2).

use vpcsim_model::{Diagnostic, EniId, PublicIpKind, SubnetId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags subnets that auto-assign public IPs, and instances or interfaces with an Elastic
    /// IP, when the subnet's route table has no route to an internet gateway.
    ///
    /// ## Why is this bad?
    /// A public address works only through the internet gateway. Without a route to it the
    /// address is unreachable from the internet and replies cannot leave, so the design
    /// looks public but is not (and an idle EIP is billed).
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   app-a: { cidr: 10.0.1.0/24, az: eu-west-1a, route_table: private, public_ip_on_launch: true }
    /// instances:
    ///   bastion: { subnet: app-a, elastic_ip: true }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/24, az: eu-west-1a, route_table: public }   # 0.0.0.0/0 -> igw
    /// instances:
    ///   bastion: { subnet: public-a, elastic_ip: true }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §3.2, §3.4, §12.2
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
    pub(crate) struct PublicIpWithoutIgwRoute {
        code: "RT004",
        name: "public-ip-without-igw-route",
        severity: Warning,
        category: Route,
        summary: "public IP or Elastic IP in a subnet with no route to an internet gateway",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let meta = &PublicIpWithoutIgwRoute::META;
    for (index, subnet) in model.subnets.iter().enumerate() {
        let id = SubnetId::from_index(index);
        if model.is_public_subnet(id) {
            continue;
        }
        if subnet.public_ip_on_launch {
            out.push(
                ctx.report(
                    meta,
                    subnet.span,
                    format!(
                        "subnet `{}` auto-assigns public IPs but its route table `{}` has no route to an internet gateway",
                        subnet.name,
                        model.route_table(subnet.route_table).name
                    ),
                )
                .with_resource(address::subnet(model, id))
                .with_note("a public IP without an internet-gateway route reaches nothing (§3.4)")
                .with_help("route 0.0.0.0/0 to the internet gateway, or turn `public_ip_on_launch` off"),
            );
        }
        for eni_id in &subnet.enis {
            let eni = model.eni(*eni_id);
            let Some(public_ip) = eni.public_ip else {
                continue;
            };
            // Auto-assigned addresses are reported once on the subnet above; service addresses
            // (load balancers, RDS) have their own rules (LB002, DB002).
            if public_ip.kind != PublicIpKind::Elastic {
                continue;
            }
            out.push(
                ctx.report(
                    meta,
                    eni.span,
                    format!(
                        "`{}` has an Elastic IP but subnet `{}` has no route to an internet gateway",
                        eni.name, subnet.name
                    ),
                )
                .with_resource(address::eni_owner(model, EniId::from_index(eni_id.index())))
                .with_note("the Elastic IP is neither reachable nor usable for egress (§3.4)")
                .with_help("place it in a public subnet, or release the Elastic IP"),
            );
        }
    }
}
