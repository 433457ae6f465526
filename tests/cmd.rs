//! Exact messages of the command line, one case per file in `tests/cmd/` (trycmd): what a
//! user sees, character for character. `TRYCMD=overwrite cargo test --test cmd` rewrites
//! the expected text after a deliberate change.

#[test]
fn messages() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
