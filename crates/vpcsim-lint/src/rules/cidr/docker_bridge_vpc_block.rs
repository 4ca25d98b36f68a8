//! CIDR001: a VPC block overlapping 172.17.0.0/16, Docker's default bridge network (§1.3).

use ipnet::Ipv4Net;
use vpcsim_model::{Diagnostic, VpcId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags VPC IPv4 blocks that overlap `172.17.0.0/16`.
    ///
    /// ## Why is this bad?
    /// `172.17.0.0/16` is the default bridge network of Docker, and AWS Cloud9 and SageMaker use
    /// it too. A container host in such a VPC routes replies for VPC addresses into its local
    /// bridge instead of the VPC, so connections from those addresses silently hang.
    /// AWS advises against the range.
    ///
    /// ## Example
    /// ```yaml
    /// vpcs:
    ///   app:
    ///     cidr: 172.17.0.0/16
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// vpcs:
    ///   app:
    ///     cidr: 172.18.0.0/16
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §1.3
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
    pub(crate) struct DockerBridgeVpcBlock {
        code: "CIDR001",
        name: "docker-bridge-vpc-block",
        severity: Warning,
        category: Cidr,
        summary: "VPC block overlaps Docker's default bridge 172.17.0.0/16",
    }
}

const DOCKER_BRIDGE: Ipv4Net = Ipv4Net::new_assert(std::net::Ipv4Addr::new(172, 17, 0, 0), 16);

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let meta = &DockerBridgeVpcBlock::META;
    for (index, vpc) in ctx.model.vpcs.iter().enumerate() {
        for block in &vpc.cidrs {
            if block.contains(&DOCKER_BRIDGE.network()) || DOCKER_BRIDGE.contains(&block.network())
            {
                out.push(
                    ctx.report(
                        meta,
                        if vpc.cidr_span.is_known() { vpc.cidr_span } else { vpc.span },
                        format!("VPC `{}` block {block} overlaps Docker's default bridge network 172.17.0.0/16", vpc.name),
                    )
                    .with_resource(address::vpc(ctx.model, VpcId::from_index(index)))
                    .with_help("pick another private block, e.g. 172.18.0.0/16 or a 10.x.0.0/16")
                    .with_note("Docker, Cloud9 and SageMaker route 172.17.0.0/16 to a local bridge (§1.3)"),
                );
            }
        }
    }
}
