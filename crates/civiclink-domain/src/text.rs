//! Text folding for search and slugs: lower case, accents removed ("Côté" → "cote").

/// Lower-cases and strips the accents of Latin letters, which is what English and French names
/// need; other scripts pass through lower-cased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            'œ' => {
                out.push_str("oe");
                continue;
            }
            other => other,
        };
        out.push(base);
    }
    out
}

/// The words of a name, folded, for prefix search: "Geneviève Côté-Roy" → genevieve, cote, roy.
pub fn tokens(s: &str) -> Vec<String> {
    let mut words: Vec<String> = fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// A name as it is sorted and searched: folded, its words in order, separated by single spaces
/// ("Île-des-Chênes, RM of" → "ile des chenes rm of").
pub fn search_key(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn folding_and_tokens() {
        assert_eq!(super::fold("Geneviève CÔTÉ"), "genevieve cote");
        assert_eq!(super::fold("Māori Œuvre"), "maori oeuvre");
        assert_eq!(
            super::tokens("Geneviève Côté-Roy"),
            vec!["cote", "genevieve", "roy"]
        );
        assert_eq!(super::tokens("  "), Vec::<String>::new());
        assert_eq!(
            super::search_key("Île-des-Chênes, RM of"),
            "ile des chenes rm of"
        );
        assert_eq!(super::search_key(" -- "), "");
    }
}
