//! A plausibility check of BCP 47 language tags (RFC 5646 syntax).

/// Checks that `tag` is a well-formed language tag whose primary subtag is a
/// two- or three-letter code. Returns what is wrong, in plain words.
pub(crate) fn check_tag(tag: &str) -> Result<(), String> {
    if tag.trim().is_empty() {
        return Err("is empty".into());
    }
    if tag != tag.trim() {
        return Err("has spaces around it".into());
    }
    if tag.contains('_') {
        return Err(format!(
            "uses “_”; language codes separate their parts with “-” (“{}”)",
            tag.replace('_', "-")
        ));
    }
    let parts: Vec<&str> = tag.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(
            "has a part that is empty, longer than 8 characters or not letters and digits".into(),
        );
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let primary = parts[0];
    // Private-use (`x-...`) and grandfathered irregular (`i-...`) tags.
    if primary.eq_ignore_ascii_case("x") || primary.eq_ignore_ascii_case("i") {
        return if parts.len() > 1 {
            Ok(())
        } else {
            Err("is a prefix with nothing after it".into())
        };
    }
    if !(alpha(primary) && (2..=3).contains(&primary.len())) {
        return Err(format!(
            "does not start with a two- or three-letter language code (“{primary}”)"
        ));
    }
    let mut i = 1;
    // Up to three extended language subtags.
    let mut ext = 0;
    while i < parts.len() && ext < 3 && parts[i].len() == 3 && alpha(parts[i]) {
        i += 1;
        ext += 1;
    }
    // Script.
    if i < parts.len() && parts[i].len() == 4 && alpha(parts[i]) {
        i += 1;
    }
    // Region.
    if i < parts.len()
        && ((parts[i].len() == 2 && alpha(parts[i])) || (parts[i].len() == 3 && digit(parts[i])))
    {
        i += 1;
    }
    // Variants.
    while i < parts.len() {
        let p = parts[i];
        let variant =
            (5..=8).contains(&p.len()) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit());
        if !variant {
            break;
        }
        i += 1;
    }
    // Extensions and private use.
    while i < parts.len() {
        let singleton = parts[i];
        if singleton.len() != 1 {
            return Err(format!("has a part “{singleton}” that is out of place"));
        }
        let private = singleton.eq_ignore_ascii_case("x");
        let start = i + 1;
        i = start;
        while i < parts.len() && (private || parts[i].len() >= 2) {
            i += 1;
        }
        if i == start {
            return Err(format!("has “{singleton}” with nothing after it"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_tag;

    #[test]
    fn accepts_real_tags() {
        for ok in [
            "en",
            "en-GB",
            "fr-CA",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "sl-rozaj",
            "en-US-x-twain",
            "x-klingon",
            "fil",
            "zh-yue",
            "en-a-bbb-x-a-ccc",
        ] {
            assert_eq!(check_tag(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_implausible_tags() {
        for bad in [
            "",
            " en",
            "en_US",
            "english",
            "e",
            "en-",
            "-en",
            "en--GB",
            "12",
            "en-GB-a",
            "en-toolongsubtag",
            "en GB",
            "en-x",
        ] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }
}
