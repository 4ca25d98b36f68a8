//! Unit tests: selectors on a small tagged design, policy compilation errors, and every kind's
//! verdict checked against concrete engine queries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use vpcsim_model::{Model, SourceFile};
use vpcsim_reach::Engine;
use vpcsim_symbolic::Analyzer;

use crate::selector::{End, end_name, resolve};
use crate::{Kind, compile, evaluate};

const DESIGN: &str = r#"
version: 1
region: ap-northeast-2
vpcs:
  prod:
    cidr: 10.0.0.0/16
    account: "111"
    tags: { env: prod }
    internet_gateway: igw
    subnets:
      pub: { cidr: 10.0.0.0/24, az: ap-northeast-2a, route_table: public, public_ip_on_launch: true, tags: { tier: web } }
      db-a: { cidr: 10.0.1.0/24, az: ap-northeast-2a }
      db-c: { cidr: 10.0.2.0/24, az: ap-northeast-2c }
    route_tables:
      public: { routes: [ { to: 0.0.0.0/0, via: igw } ] }
    security_groups:
      web:
        ingress: [ { proto: tcp, ports: 443, from: 0.0.0.0/0 }, { proto: tcp, ports: 22, from: 0.0.0.0/0 } ]
      db:
        ingress: [ { proto: tcp, ports: 5432, from: sg:web } ]
    instances:
      web: { subnet: pub, security_groups: [web], tags: { role: front } }
    databases:
      pg: { engine: postgres, subnets: [db-a, db-c], security_groups: [db], tags: { data: pii } }
  dev:
    cidr: 10.1.0.0/16
    account: "222"
    subnets:
      work: { cidr: 10.1.0.0/24, az: ap-northeast-2a }
    instances:
      box: { subnet: work }
policies:
  - { id: p, kind: deny, from: internet, to: web }
"#;

fn model(text: &str) -> Model {
    let loaded = vpcsim_model::load(&SourceFile {
        name: "t.yaml".into(),
        text: text.into(),
    });
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.model.expect("model")
}

fn names(model: &Model, texts: &[&str]) -> Vec<String> {
    let texts: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
    resolve(model, &texts)
        .unwrap()
        .into_iter()
        .map(|end| end_name(model, end))
        .collect()
}

#[test]
fn every_selector_picks_what_it_says() {
    let m = model(DESIGN);
    assert_eq!(names(&m, &["web"]), ["prod/web"]);
    assert_eq!(names(&m, &["prod/pg"]), ["prod/pg"]);
    assert_eq!(names(&m, &["kind:database"]), ["prod/pg"]);
    assert_eq!(names(&m, &["kind:rds"]), ["prod/pg"]);
    assert_eq!(names(&m, &["tag:data=pii"]), ["prod/pg"]);
    assert_eq!(names(&m, &["tag:role"]), ["prod/web"]);
    // Subnet and VPC tags are carried by the resources inside.
    assert_eq!(names(&m, &["tag:tier=web"]), ["prod/web"]);
    assert_eq!(names(&m, &["tag:env=prod"]), ["prod/web", "prod/pg"]);
    assert_eq!(names(&m, &["subnet:db-a"]), ["prod/pg"]);
    assert_eq!(names(&m, &["subnet:prod/pub"]), ["prod/web"]);
    assert_eq!(names(&m, &["vpc:dev"]), ["dev/box"]);
    assert_eq!(names(&m, &["account:222"]), ["dev/box"]);
    assert_eq!(names(&m, &["region:ap-northeast-2"]).len(), 3);
    assert_eq!(names(&m, &["sg:web"]), ["prod/web"]);
    assert_eq!(names(&m, &["sg:prod/db"]), ["prod/pg"]);
    assert_eq!(names(&m, &["internet"]), ["internet"]);
    assert_eq!(names(&m, &["10.1.0.0/24"]), ["10.1.0.0/24"]);
    assert_eq!(names(&m, &["*"]).len(), 4);
    assert_eq!(
        names(&m, &["not:web", "not:internet"]),
        ["dev/box", "prod/pg"]
    );
    assert_eq!(names(&m, &["vpc:prod", "!kind:instance"]), ["prod/pg"]);
}

#[test]
fn bad_selectors_say_why() {
    let m = model(DESIGN);
    let error = |text: &str| resolve(&m, &[text.to_owned()]).unwrap_err().1.to_string();
    assert_eq!(
        error("kind:router"),
        "unknown kind `router` (expected instance, network_interface, load_balancer, nat_gateway, database, cache or endpoint)"
    );
    assert!(
        error("subnet:db-b").contains("did you mean `db-a`"),
        "{}",
        error("subnet:db-b")
    );
    assert!(error("wbe").contains("did you mean `web`"));
    assert!(error("tags:x=y").contains("did you mean `tag:x=y`"));
    assert!(error("2001:db8::/32").contains("IPv6"));
    assert!(error("sg:nope").contains("does not exist"));
    assert_eq!(error(""), "empty selector");
}

fn compiled(policies: &str) -> (Vec<crate::Policy>, Vec<vpcsim_model::Diagnostic>) {
    let text = format!(
        "{}\n{policies}",
        DESIGN.replace(
            "policies:\n  - { id: p, kind: deny, from: internet, to: web }\n",
            ""
        )
    );
    let m = model(&text);
    let (p, d) = compile(&m, &m.policies);
    (p, d)
}

#[test]
fn bad_policies_are_diagnostics_at_their_place() {
    let (_, d) = compiled("policies:\n  - { id: a, kind: forbid, from: internet, to: web }\n");
    assert_eq!(d[0].code, "POL010");
    assert!(d[0].message.contains("unknown policy kind `forbid`"));
    assert!(d[0].span.line > 0);
    let (_, d) =
        compiled("policies:\n  - { id: a, kind: deny, from: internet, to: web, ports: 70000 }\n");
    assert!(
        d[0].message.contains("`70000` is not a port"),
        "{}",
        d[0].message
    );
    let (_, d) = compiled("policies:\n  - { id: a, kind: require, from: internet, to: web }\n");
    assert!(d[0].message.contains("needs `ports`"));
    let (_, d) = compiled(
        "policies:\n  - { id: a, kind: deny, from: internet, to: web }\n  - { id: a, kind: deny, from: internet, to: pg }\n",
    );
    assert!(d[0].message.contains("used twice"));
    let (_, d) =
        compiled("policies:\n  - { id: a, kind: deny, from: internet, to: 10.0.0.0/24 }\n");
    assert!(d[0].message.contains("one address"));
    let (p, d) =
        compiled("policies:\n  - { id: a, kind: deny, from: tag:nothing=here, to: web }\n");
    assert!(p.is_empty());
    assert_eq!(d[0].code, "POL011");
}

/// Every verdict agrees with concrete queries of the engine on its witness.
#[test]
fn verdicts_of_every_kind_with_witnesses() {
    let (policies, d) = compiled(
        "policies:
  - { id: ssh-closed, kind: deny, from: internet, to: web, ports: 22 }
  - { id: pii-private, kind: deny, from: internet, to: tag:data=pii }
  - { id: web-https-only, kind: allow-only, from: internet, to: web, proto: tcp, ports: 443 }
  - { id: https-open, kind: require, from: internet, to: web, ports: 443 }
  - { id: pg-from-web, kind: require, from: web, to: pg, ports: 5432 }
  - { id: pg-from-box, kind: require, from: dev/box, to: pg, ports: 5432 }
  - { id: prod-dev, kind: isolate, from: vpc:prod, to: vpc:dev }
",
    );
    assert!(d.is_empty(), "{d:?}");
    // The same design without `policies:`: resource ids are positional, so they are equal.
    let m = model(DESIGN);
    let engine = Engine::new(&m);
    let analyzer = Analyzer::new(&engine);
    let verdicts = evaluate(&analyzer, &policies);
    let holds: Vec<(&str, bool)> = policies
        .iter()
        .zip(&verdicts)
        .map(|(p, v)| (p.id.as_str(), v.holds()))
        .collect();
    assert_eq!(
        holds,
        [
            ("ssh-closed", false),
            ("pii-private", true),
            ("web-https-only", false),
            ("https-open", true),
            ("pg-from-web", true),
            ("pg-from-box", false),
            ("prod-dev", true),
        ]
    );
    for (policy, verdict) in policies.iter().zip(&verdicts) {
        for violation in &verdict.violations {
            let delivered = engine.query(&violation.witness).is_reachable();
            assert_eq!(delivered, policy.kind != Kind::Require, "{}", policy.id);
            assert!(!violation.flows.is_empty());
        }
    }
    let ssh = &verdicts[0].violations[0];
    assert_eq!(ssh.from, End::Internet);
    assert_eq!(ssh.witness.port, Some(22));
    let finding = crate::finding(
        &m,
        analyzer.internet_keys(),
        &policies[0],
        &verdicts[0],
        None,
    )
    .unwrap();
    assert_eq!(finding.code, "POL001");
    assert!(
        finding
            .notes
            .iter()
            .any(|n| n.contains("sg rule web: tcp 22 from 0.0.0.0/0")),
        "{:?}",
        finding.notes
    );
}
