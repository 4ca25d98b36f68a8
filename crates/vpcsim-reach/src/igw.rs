//! Internet-gateway rules as pure functions (aws-semantics §3.2–3.5, copied from RA's model).
//!
//! The IGW is a 1:1 NAT: outbound it rewrites an ENI's private source to its public IP or EIP,
//! inbound the reverse. It drops private (RFC 1918) and shared (RFC 6598) addresses in the
//! direction where they cannot be legitimate, and it drops spoofed sources.

use std::net::Ipv4Addr;

use crate::code::Code;

/// Whether an address is in RFC 1918 private space (10/8, 172.16/12, 192.168/16).
pub fn is_rfc1918(address: Ipv4Addr) -> bool {
    address.is_private()
}

/// Whether an address is in RFC 6598 shared space (100.64.0.0/10).
pub fn is_rfc6598(address: Ipv4Addr) -> bool {
    let octets = address.octets();
    octets[0] == 100 && (octets[1] & 0xC0) == 64
}

/// Whether an address could be a public internet address (not private, shared, loopback,
/// link-local, multicast, broadcast or unspecified).
pub fn is_public(address: Ipv4Addr) -> bool {
    !(is_rfc1918(address)
        || is_rfc6598(address)
        || address.is_loopback()
        || address.is_link_local()
        || address.is_multicast()
        || address.is_broadcast()
        || address.is_unspecified())
}

/// Outbound through the IGW (§3.5): the destination must not be private or shared space.
pub fn check_egress_destination(dst: Ipv4Addr) -> Result<(), Code> {
    if is_rfc1918(dst) {
        Err(Code::IgwDestinationAddressNotInRfc1918Egress)
    } else if is_rfc6598(dst) {
        Err(Code::IgwDestinationAddressNotInRfc6598Egress)
    } else {
        Ok(())
    }
}

/// Inbound through the IGW (§3.5): private and shared sources are dropped.
pub fn check_ingress_source(src: Ipv4Addr) -> Result<(), Code> {
    if is_rfc1918(src) {
        Err(Code::IgwSourceAddressNotInRfc1918Ingress)
    } else if is_rfc6598(src) {
        Err(Code::IgwSourceAddressNotInRfc6598Ingress)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_classes() {
        assert!(is_rfc1918("172.31.1.1".parse().unwrap()));
        assert!(is_rfc6598("100.64.0.1".parse().unwrap()));
        assert!(!is_rfc6598("100.128.0.1".parse().unwrap()));
        assert!(is_public("8.8.8.8".parse().unwrap()));
        assert!(!is_public("10.0.0.1".parse().unwrap()));
        assert_eq!(
            check_ingress_source("10.0.0.92".parse().unwrap()),
            Err(Code::IgwSourceAddressNotInRfc1918Ingress)
        );
    }
}
