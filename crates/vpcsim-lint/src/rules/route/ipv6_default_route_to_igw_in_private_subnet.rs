//! RT013: a subnet that is private over IPv4 but routes `::/0` to the internet gateway
//! (§16.1, §16.2).

use vpcsim_model::{Diagnostic, EniOwner, RouteTarget, SubnetId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags subnets whose IPv4 internet traffic goes to a NAT gateway (or nowhere) — a
    /// private subnet — while their IPv6 internet traffic (`::/0`) goes to the internet
    /// gateway, when interfaces in them have IPv6 addresses.
    ///
    /// ## Why is this bad?
    /// Over IPv6 an internet-gateway route makes the subnet public: every IPv6 address in it
    /// can be reached from the internet wherever its security group allows. The private
    /// equivalent of a NAT gateway for IPv6 is an egress-only internet gateway: outbound
    /// connections work, nothing comes in.
    ///
    /// ## Example
    /// ```yaml
    /// private:
    ///   routes:
    ///     - { to: 0.0.0.0/0, via: nat }
    ///     - { to: "::/0", via: igw }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// private:
    ///   routes:
    ///     - { to: 0.0.0.0/0, via: nat }
    ///     - { to: "::/0", via: eigw }   # egress_only_internet_gateway: eigw
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §16.1, §16.2
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
    pub(crate) struct Ipv6DefaultRouteToIgwInPrivateSubnet {
        code: "RT013",
        name: "ipv6-default-route-to-igw-in-private-subnet",
        severity: Warning,
        category: Route,
        summary: "private subnet (IPv4 through NAT) routes ::/0 to the internet gateway",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, subnet) in model.subnets.iter().enumerate() {
        let id = SubnetId::from_index(index);
        if !matches!(
            ctx.engine().internet_route_v6(id),
            Some(RouteTarget::InternetGateway(_))
        ) || matches!(
            ctx.engine().internet_route(id),
            Some(RouteTarget::InternetGateway(_))
        ) {
            continue;
        }
        let exposed: Vec<&str> = subnet
            .enis
            .iter()
            .map(|eni| model.eni(*eni))
            .filter(|eni| eni.ipv6.is_some() && !matches!(eni.owner, EniOwner::NatGateway(_)))
            .map(|eni| eni.name.as_str())
            .collect();
        if exposed.is_empty() {
            continue;
        }
        let table = model.route_table(subnet.route_table);
        out.push(
            ctx.report(
                &Ipv6DefaultRouteToIgwInPrivateSubnet::META,
                subnet.span,
                format!(
                    "subnet `{}` is private over IPv4 but route table `{}` sends ::/0 to the internet gateway: `{}` can be reached from the IPv6 internet where security groups allow",
                    subnet.name,
                    table.name,
                    exposed.join("`, `")
                ),
            )
            .with_resource(address::subnet(model, id))
            .with_note("IPv6 addresses are public; an internet-gateway route is all it takes (§16.1)")
            .with_help("route ::/0 to an egress-only internet gateway for outbound-only IPv6 (§16.2)"),
        );
    }
}
