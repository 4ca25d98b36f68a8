//! `sg` rules: one file per rule.

pub(crate) mod all_protocol_with_port_range;
pub(crate) mod egress_misses_endpoint_prefix_list;
pub(crate) mod sg_without_egress;
pub(crate) mod unmatchable_sg_reference;
pub(crate) mod unused_security_group;
