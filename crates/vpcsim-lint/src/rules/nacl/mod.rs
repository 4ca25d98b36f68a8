//! `nacl` rules: one file per rule.

pub(crate) mod empty_custom_nacl;
pub(crate) mod nacl_blocks_return_traffic;
pub(crate) mod nacl_without_ipv6_entries;
pub(crate) mod redundant_nacl_entry;
pub(crate) mod shadowed_nacl_deny;
pub(crate) mod unused_network_acl;
