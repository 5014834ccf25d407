//! Target URL parsing.

use super::{Scheme, Target};

#[test]
fn parses_scheme_host_port_and_base_path() {
    let t = Target::parse("http://127.0.0.1:5000").unwrap();
    assert_eq!(
        (t.scheme, t.host.as_str(), t.port, t.base_path.as_str()),
        (Scheme::Http, "127.0.0.1", 5000, "")
    );
    let t = Target::parse("HTTPS://[::1]/app/v1/").unwrap();
    assert_eq!((t.port, t.base_path.as_str()), (443, "/app/v1"));
    assert_eq!(t.to_string(), "https://[::1]:443/app/v1");
}

#[test]
fn rejects_what_a_base_url_cannot_hold() {
    insta::assert_snapshot!(Target::parse("ftp://x").unwrap_err(), @"--target: expected a URL starting with http:// or https://, found `ftp://x`");
    insta::assert_snapshot!(Target::parse("http://:80").unwrap_err(), @"--target: expected a host after the scheme, found `http://:80`");
    insta::assert_snapshot!(Target::parse("http://h:99999").unwrap_err(), @"--target: expected a port number 1-65535, found `99999`");
    insta::assert_snapshot!(Target::parse("http://h/x?y=1").unwrap_err(), @"--target: expected a base URL without a query string, found `http://h/x?y=1`");
    insta::assert_snapshot!(Target::parse("http://h/x#top").unwrap_err(), @"--target: expected a base URL without a fragment, found `http://h/x#top`");
    insta::assert_snapshot!(Target::parse("http://u:p@h/").unwrap_err(), @"--target: expected a base URL without user info (pass credentials with --bearer or --header), found `http://u:p@h/`");
    insta::assert_snapshot!(Target::parse("http://h:0").unwrap_err(), @"--target: expected a port number 1-65535, found `0`");
    insta::assert_snapshot!(Target::parse("localhost:8080").unwrap_err(), @"--target: expected a URL starting with http:// or https://, found `localhost:8080`");
    insta::assert_snapshot!(Target::parse("http://h/a b").unwrap_err(), @"--target: expected an http:// or https:// URL, found `http://h/a b` (invalid uri character)");
}
