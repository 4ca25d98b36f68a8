//! IPv4 text helpers: the generator works on `u32` addresses and writes dotted-quad strings.

use std::net::Ipv4Addr;

/// `a.b.c.d`.
pub(crate) fn addr(address: u32) -> String {
    Ipv4Addr::from(address).to_string()
}

/// `a.b.c.d/len`.
pub(crate) fn cidr(network: u32, len: u8) -> String {
    format!("{}/{len}", Ipv4Addr::from(network))
}

/// The base address of VPC number `index`: the `index`-th /20 of 10.0.0.0/8.
pub(crate) fn vpc_base(index: u32) -> u32 {
    (10 << 24) | (index << 12)
}

/// Prefix length of every generated VPC block.
pub(crate) const VPC_PREFIX: u8 = 20;
/// Prefix length of every generated subnet.
pub(crate) const SUBNET_PREFIX: u8 = 24;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vpc_blocks_walk_ten_slash_eight() {
        assert_eq!(cidr(vpc_base(0), VPC_PREFIX), "10.0.0.0/20");
        assert_eq!(cidr(vpc_base(1), VPC_PREFIX), "10.0.16.0/20");
        assert_eq!(cidr(vpc_base(16), VPC_PREFIX), "10.1.0.0/20");
        assert_eq!(cidr(vpc_base(4095), VPC_PREFIX), "10.255.240.0/20");
        assert_eq!(addr(vpc_base(0) + 256 + 130), "10.0.1.130");
    }
}
