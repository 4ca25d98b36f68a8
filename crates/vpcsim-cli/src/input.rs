//! Reading design inputs (YAML/JSON files, `-` for stdin) for every command.
