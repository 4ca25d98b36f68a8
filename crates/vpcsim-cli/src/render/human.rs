//! Human output: rustc-style diagnostics with file:line:col and the offending snippet.
