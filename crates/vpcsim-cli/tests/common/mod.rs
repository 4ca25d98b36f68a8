//! Helpers shared by the CLI test files: the workspace root (fixtures are named relative to
//! it) and the real `vpcsim` binary run from there without colour.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

/// The workspace root: `crates/vpcsim-cli` is two levels below it.
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the crate sits two levels below the workspace root")
        .to_path_buf()
}

/// `vpcsim ARGS…` from the workspace root, without colour, in English.
pub(crate) fn vpcsim(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("vpcsim"));
    cmd.args(args)
        .current_dir(workspace_root())
        .env("NO_COLOR", "1")
        // Teaching output follows a Korean locale; the tests pin English unless they ask.
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}
