//! IPv4/IPv6 prefix algebra for vpcsim (being built). Knows nothing about AWS.
