//! NAT-gateway rules as pure functions (docs/semantics.md §4).
//!
//! A NAT gateway source-NATs TCP, UDP and ICMP only, for sources in its own VPC, with source
//! ports remapped into 1024–65535 (RA `REMAP_EPHEMERAL_PORT`). It never accepts connections
//! initiated towards it, and it has no security groups: only its subnet's NACL applies (§4.5).

use vpcsim_model::{PortRange, Protocol, VpcId};

use crate::code::Code;

/// Source ports a NAT gateway uses (§4.5, §6.8).
pub const SOURCE_PORTS: PortRange = PortRange::AWS_EPHEMERAL;

/// Whether the NAT gateway forwards this protocol (§4.3).
pub fn supports_protocol(protocol: Protocol) -> bool {
    matches!(protocol, Protocol::TCP | Protocol::UDP | Protocol::ICMP)
}

/// The checks a packet routed to a NAT gateway must pass (§4.3, §4.6).
pub fn check_input(protocol: Protocol, source_vpc: VpcId, nat_vpc: VpcId) -> Result<(), Code> {
    if source_vpc != nat_vpc {
        return Err(Code::NgwRequiresSourceInVpc);
    }
    if !supports_protocol(protocol) {
        return Err(Code::ProtocolRestriction);
    }
    Ok(())
}
