//! `db` rules: one file per rule.

pub(crate) mod cache_open_to_internet;
pub(crate) mod public_database_in_private_subnets;
pub(crate) mod publicly_accessible_database;
pub(crate) mod single_az_cache_subnet_group;
