//! The AWS services a gateway endpoint serves (S3 and DynamoDB, docs/semantics.md §9.6) and the
//! address ranges vpcsim uses for them when a design does not list them.
//!
//! AWS publishes each service's ranges per Region (its managed prefix list
//! `com.amazonaws.<region>.<service>`, also in AWS's ip-ranges file); vpcsim is offline and no
//! package it can depend on ships a snapshot, so a design that wants the real ranges lists the
//! prefix list under `prefix_lists:` (an importer fills it from `DescribeManagedPrefixLists` /
//! `GetManagedPrefixListEntries`). Otherwise the **stand-in** ranges below are used, the same in
//! every Region, and every answer that depends on them says so (docs/semantics.md §9.6a): they
//! are public, Amazon-owned blocks, so a question "to S3" takes the path real S3 traffic takes
//! (the endpoint route when the table has one, else the internet), but an address-level
//! question about a specific S3 address may differ from AWS.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

/// A service reachable through a gateway endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// Amazon S3.
    S3,
    /// Amazon DynamoDB.
    DynamoDb,
}

impl Service {
    /// Both services, in order.
    pub const ALL: [Service; 2] = [Service::S3, Service::DynamoDb];

    /// The service's short name as endpoint `service:` values and prefix-list names write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::DynamoDb => "dynamodb",
        }
    }

    /// `s3` / `dynamodb` (case-insensitive).
    pub fn parse(text: &str) -> Option<Service> {
        Service::ALL
            .into_iter()
            .find(|service| service.as_str().eq_ignore_ascii_case(text))
    }

    /// The name of AWS's managed prefix list for the service in `region`.
    pub fn prefix_list_name(self, region: &str) -> String {
        let region = if region.is_empty() { "region" } else { region };
        format!("com.amazonaws.{region}.{}", self.as_str())
    }

    /// Whether `name` is the managed prefix list of this service in `region`, without
    /// allocating (the query path compares names).
    pub fn is_prefix_list_of(self, name: &str, region: &str) -> bool {
        let region = if region.is_empty() { "region" } else { region };
        name.strip_prefix("com.amazonaws.")
            .and_then(|rest| rest.strip_prefix(region))
            .and_then(|rest| rest.strip_prefix('.'))
            == Some(self.as_str())
    }

    /// The stand-in range of the service (see the module docs): one public, Amazon-owned
    /// block each, used when the design lists no entries for the service's prefix list.
    pub fn stand_in_range(self) -> Ipv4Net {
        let (address, len) = match self {
            Service::S3 => (Ipv4Addr::new(52, 216, 0, 0), 15),
            Service::DynamoDb => (Ipv4Addr::new(52, 94, 0, 0), 22),
        };
        Ipv4Net::new(address, len).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for service in Service::ALL {
            assert_eq!(Service::parse(service.as_str()), Some(service));
            let name = service.prefix_list_name("ap-northeast-2");
            assert!(service.is_prefix_list_of(&name, "ap-northeast-2"));
            assert!(!service.is_prefix_list_of(&name, "us-east-1"));
        }
        assert_eq!(Service::parse("S3"), Some(Service::S3));
        assert_eq!(Service::parse("sqs"), None);
    }

    #[test]
    fn stand_ins_are_public_and_disjoint() {
        let s3 = Service::S3.stand_in_range();
        let ddb = Service::DynamoDb.stand_in_range();
        assert!(!s3.contains(&ddb.network()) && !ddb.contains(&s3.network()));
        assert!(!s3.network().is_private() && !ddb.network().is_private());
    }
}
