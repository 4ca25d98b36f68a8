//! Endpoints and exits beyond the design's interfaces: the VPN gateway (docs/semantics.md
//! §15.11), service destinations (§9.6a) and how their endpoint texts are read.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::net::IpAddr;

use vpcsim_model::{Service, SourceFile, load};
use vpcsim_reach::{
    EndpointError, Engine, NotModelled, QueryEndpoint, Verdict, parse_endpoint, parse_query,
};

const VPN: &str = "fixtures/reach/vpn-exit.yaml";
const SEED_002: &str = "fixtures/designs/002-course-notes.yaml";

fn address(text: &str) -> QueryEndpoint {
    QueryEndpoint::Address(text.parse::<IpAddr>().unwrap())
}

#[test]
fn endpoint_texts_name_services_prefix_lists_and_on_premises() {
    let seed = common::load_model(SEED_002);
    let s3 = QueryEndpoint::Service(Service::S3);
    assert_eq!(parse_endpoint(&seed, "s3:443"), Ok((s3, Some(443))));
    assert_eq!(parse_endpoint(&seed, "S3"), Ok((s3, None)));
    assert_eq!(parse_endpoint(&seed, "pl:s3:443"), Ok((s3, Some(443))));
    assert_eq!(
        parse_endpoint(&seed, "pl:com.amazonaws.ap-northeast-2.s3:443"),
        Ok((s3, Some(443)))
    );
    assert_eq!(
        parse_endpoint(&seed, "dynamodb"),
        Ok((QueryEndpoint::Service(Service::DynamoDb), None))
    );
    assert_eq!(
        parse_endpoint(&seed, "[2001:db8::1]:443"),
        Ok((address("2001:db8::1"), Some(443)))
    );
    assert!(matches!(
        parse_endpoint(&seed, "s3:a:443"),
        Err(EndpointError::Unparsed { .. })
    ));
    assert!(matches!(
        parse_endpoint(&seed, "pl:nope"),
        Err(EndpointError::UnknownPrefixList { .. })
    ));
    assert!(matches!(
        parse_endpoint(&seed, "on-premises:10.100.0.5"),
        Err(EndpointError::NotOnPremises { .. })
    ));

    let vpn = common::load_model(VPN);
    assert_eq!(
        parse_endpoint(&vpn, "on-premises:10.100.0.5:22"),
        Ok((address("10.100.0.5"), Some(22)))
    );
    assert_eq!(
        parse_endpoint(&vpn, "office-vgw"),
        Ok((address("10.100.0.1"), None))
    );
}

#[test]
fn exits_count_as_reachable_and_keep_their_own_verdict() {
    let model = common::load_model(VPN);
    let engine = Engine::new(&model);
    let query = parse_query(&model, "app", "10.100.0.5:443", None).unwrap();
    let answer = engine.query(&query);
    assert_eq!(answer.verdict, Verdict::ExitsToOnPremises);
    assert!(answer.is_reachable());
    assert!(
        answer
            .not_modelled
            .contains(&NotModelled::OnPremisesNetwork)
    );
}

#[test]
fn a_vgw_without_vpn_routes_is_not_modelled_beyond_it() {
    let text = "version: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    vpn_gateway: vgw\n    subnets:\n      a: { cidr: 10.0.0.0/24, az: eu-west-1a, route_table: rt }\n    route_tables:\n      rt: { routes: [ { to: 10.100.0.0/16, via: vgw } ] }\n    instances:\n      app: { subnet: a }\n";
    let model = load(&SourceFile {
        name: "vgw.yaml".into(),
        text: text.into(),
    })
    .model
    .unwrap();
    let engine = Engine::new(&model);
    let query = parse_query(&model, "app", "10.100.0.5:443", None).unwrap();
    let answer = engine.query(&query);
    assert_eq!(answer.verdict, Verdict::Blocked);
    assert!(answer.blocked_by.is_empty());
    assert_eq!(answer.not_modelled, [NotModelled::VpnBeyondGateway]);
    // Nothing is on-premises without routes: the name stands for nothing.
    assert!(matches!(
        parse_endpoint(&model, "vgw"),
        Err(EndpointError::NoRanges { .. })
    ));
}

#[test]
fn declared_service_ranges_replace_the_stand_in() {
    let text = std::fs::read_to_string(common::repo_root().join(SEED_002)).unwrap().replace(
        "vpcs:\n",
        "prefix_lists:\n  com.amazonaws.ap-northeast-2.s3: { cidrs: [198.51.100.0/24] }\nvpcs:\n",
    );
    let model = load(&SourceFile {
        name: "seed.yaml".into(),
        text,
    })
    .model
    .unwrap();
    let engine = Engine::new(&model);
    let query = parse_query(&model, "shop-db", "s3:443", None).unwrap();
    let answer = engine.query(&query);
    assert!(answer.is_reachable());
    assert!(answer.not_modelled.is_empty(), "{:?}", answer.not_modelled);
    let first = answer.forward[0].header;
    let vpcsim_reach::Header::Forward(packet) = first else {
        panic!("forward header")
    };
    assert_eq!(packet.dst, "198.51.100.1".parse::<IpAddr>().unwrap());
}
