//! Fuzz-style property: mutating the seed designs' text (deleting, duplicating and swapping
//! lines, flipping characters) never makes loading or linting panic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use proptest::prelude::*;
use vpcsim_model::{SourceFile, load};

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Flip(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (
            any::<usize>(),
            prop::sample::select(vec![
                ' ', ':', '-', '{', '}', '[', ']', ',', '#', '0', '9', '/', '.', 'x', '\n', '\t',
                '"', '\''
            ])
        )
            .prop_map(|(a, c)| Mutation::Flip(a, c)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for mutation in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *mutation {
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Flip(i, c) => {
                let line = &mut lines[i % n];
                let chars: Vec<char> = line.chars().collect();
                if !chars.is_empty() {
                    let at = (i / n) % chars.len();
                    let mut changed: String = chars[..at].iter().collect();
                    changed.push(c);
                    changed.extend(&chars[at + 1..]);
                    *line = changed;
                }
            }
        }
    }
    lines.join("\n")
}

fn seeds() -> Vec<String> {
    let mut texts: Vec<String> = common::fixtures("designs")
        .iter()
        .chain(common::fixtures("lint").iter())
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    texts.truncate(64);
    texts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_designs_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let texts = seeds();
        let text = apply(seed.get(texts.as_slice()).as_str(), &mutations);
        let loaded = load(&SourceFile { name: "mutated.yaml".into(), text });
        if let Some(model) = loaded.model {
            let _ = vpcsim_lint::lint(&model);
        }
    }
}
