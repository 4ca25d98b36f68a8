//! AWS addressing rules (aws-semantics §1): block sizes, reserved addresses, usable counts.
