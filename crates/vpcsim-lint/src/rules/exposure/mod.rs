//! `exposure` rules: one file per rule.

pub(crate) mod admin_ports_open_to_world;
pub(crate) mod ipv6_open_where_ipv4_restricted;
