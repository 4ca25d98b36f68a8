//! `cidr` rules: one file per rule.

pub(crate) mod docker_bridge_vpc_block;
pub(crate) mod overlapping_tgw_vpc_blocks;
pub(crate) mod subnet_near_capacity;
