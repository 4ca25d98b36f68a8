//! RT003: instances in a public subnet that have no public address (§3.2, §3.6, §12.1).

use vpcsim_model::{Diagnostic, EniOwner, RouteTarget, SubnetId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags public subnets (internet traffic routed to an internet gateway) with
    /// `public_ip_on_launch` off that hold instances with neither a public IP nor an Elastic IP.
    ///
    /// ## Why is this bad?
    /// The internet gateway translates only addresses that have a public IP or EIP. An
    /// instance in a public subnet without one can neither be reached from the internet nor
    /// reach out: its internet-bound traffic goes to the internet gateway (not a NAT gateway),
    /// which drops it. `MapPublicIpOnLaunch` is off by default on subnets you create.
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/24, az: eu-west-1a, route_table: public }
    /// instances:
    ///   web: { subnet: public-a }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/24, az: eu-west-1a, route_table: public, public_ip_on_launch: true }
    /// instances:
    ///   web: { subnet: public-a }   # or `elastic_ip: true`
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §3.2, §3.6, §12.1
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
    pub(crate) struct PublicSubnetWithoutPublicIps {
        code: "RT003",
        name: "public-subnet-without-public-ips",
        severity: Warning,
        category: Route,
        summary: "instances in a public subnet have no public IP, so they cannot use the internet gateway",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, subnet) in model.subnets.iter().enumerate() {
        let id = SubnetId::from_index(index);
        if subnet.public_ip_on_launch
            || !matches!(
                ctx.engine().internet_route(id),
                Some(RouteTarget::InternetGateway(_))
            )
        {
            continue;
        }
        // §16.1: an interface with an IPv6 address uses the IGW over IPv6 without a public IP.
        let ipv6_out = matches!(
            ctx.engine().internet_route_v6(id),
            Some(RouteTarget::InternetGateway(_))
        );
        let stranded: Vec<&str> = subnet
            .enis
            .iter()
            .map(|eni| model.eni(*eni))
            .filter(|eni| matches!(eni.owner, EniOwner::Instance(_) | EniOwner::Standalone))
            .filter(|eni| eni.public_ip.is_none() && !(ipv6_out && eni.ipv6.is_some()))
            .map(|eni| eni.name.as_str())
            .collect();
        if stranded.is_empty() {
            continue;
        }
        out.push(
            ctx.report(
                &PublicSubnetWithoutPublicIps::META,
                subnet.span,
                format!(
                    "public subnet `{}` does not auto-assign public IPs and `{}` has no Elastic IP: it can neither be reached from nor reach the internet",
                    subnet.name,
                    stranded.join("`, `")
                ),
            )
            .with_label("routes 0.0.0.0/0 to an internet gateway")
            .with_resource(address::subnet(model, id))
            .with_note("the internet gateway only translates interfaces that have a public IP or EIP (§3.2)")
            .with_help("set `public_ip_on_launch: true`, give the instances `elastic_ip: true`, or move them to a private subnet routed to a NAT gateway"),
        );
    }
}
