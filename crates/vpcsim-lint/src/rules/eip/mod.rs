//! `eip` rules: one file per rule.

pub(crate) mod unused_elastic_ip;
