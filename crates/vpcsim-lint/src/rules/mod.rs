//! The rules, one file each, grouped by category (one file per rule, one registry).

pub(crate) mod cidr;
pub(crate) mod db;
pub(crate) mod eip;
pub(crate) mod exposure;
pub(crate) mod lb;
pub(crate) mod nacl;
pub(crate) mod route;
pub(crate) mod sg;
