//! NAT-gateway rules as pure functions (docs/semantics.md §4).
//!
//! A NAT gateway source-NATs TCP, UDP and ICMP only, for sources in its own VPC, with source
//! ports remapped into 1024–65535 (RA `REMAP_EPHEMERAL_PORT`). It never accepts connections
//! initiated towards it, and it has no security groups: only its subnet's NACL applies (§4.5).

use std::net::{Ipv4Addr, Ipv6Addr};

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

/// The well-known NAT64 prefix `64:ff9b::/96` (§16.4).
pub const NAT64_PREFIX: u128 = 0x0064_ff9b_u128 << 96;

/// The IPv4 destination a NAT gateway's NAT64 makes of an IPv6 destination: the last 32 bits
/// of an address in `64:ff9b::/96`; `None` outside it (§16.4: nothing else is translated).
pub fn nat64_destination(dst: Ipv6Addr) -> Option<Ipv4Addr> {
    let value = u128::from(dst);
    (value >> 32 == NAT64_PREFIX >> 32).then(|| Ipv4Addr::from((value & 0xffff_ffff) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nat64_takes_the_embedded_ipv4_address() {
        assert_eq!(
            nat64_destination("64:ff9b::808:808".parse().unwrap()),
            Some(Ipv4Addr::new(8, 8, 8, 8))
        );
        assert_eq!(
            nat64_destination("2600:1f18::808:808".parse().unwrap()),
            None
        );
    }
}
