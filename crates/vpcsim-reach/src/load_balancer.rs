//! Load-balancer decisions as pure functions (docs/semantics.md §7, §13 step 5).
//!
//! A load balancer terminates the client's connection at a listener and opens a second one
//! from its node to a target. ALBs (and NLBs without client IP preservation) send from the
//! node's own private IP with source ports 1024–65535; NLBs preserving the client IP keep the
//! client's address (§7.10). Targets are served only in enabled AZs, and only in the node's own
//! AZ when cross-zone is off (§7.4).

use vpcsim_model::{
    LbKind, LoadBalancer, Model, PortRange, Protocol, SubnetId, Target, TargetGroup,
};

use crate::code::Code;

/// Source ports a load-balancer node uses towards targets (§6.8, §7.8).
pub const SOURCE_PORTS: PortRange = PortRange::AWS_EPHEMERAL;

/// The listener accepting `protocol`/`port`, by index (§7.5: the default forward action).
pub fn listener_for(lb: &LoadBalancer, protocol: Protocol, port: u16) -> Option<usize> {
    lb.listeners
        .iter()
        .position(|listener| listener.port == port && listener.ip_protocol.matches(protocol))
}

/// Whether the second connection keeps the client's address (NLB client IP preservation, §7.10).
pub fn preserves_client_ip(lb: &LoadBalancer, tg: &TargetGroup) -> bool {
    lb.kind == LbKind::Network && tg.preserve_client_ip
}

/// Whether the node in `node_subnet` may send to a target in `target_subnet` (§7.4).
pub fn check_target_az(
    model: &Model,
    lb: &LoadBalancer,
    node_subnet: SubnetId,
    target_subnet: SubnetId,
) -> Result<(), Code> {
    // §15.6: by AZ id when known.
    if !lb
        .subnets
        .iter()
        .any(|subnet| model.same_az(*subnet, target_subnet))
    {
        return Err(Code::ElbInstalledAzRestriction);
    }
    if !lb.cross_zone && !model.same_az(node_subnet, target_subnet) {
        return Err(Code::ElbNotCrosszone);
    }
    Ok(())
}

/// The port the node connects to on a target (per-target override, else the group's, §7.6).
pub fn target_port(target: &Target) -> u16 {
    target.port
}
