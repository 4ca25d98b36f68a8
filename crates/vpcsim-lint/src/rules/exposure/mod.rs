//! `exposure` rules: one file per rule.

pub(crate) mod admin_ports_open_to_world;
