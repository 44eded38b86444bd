//! Near-duplicate names: "did you mean ArcGIS Enterprise?" when someone proposes "ArcGis
//! Entreprise". Names are compared folded, by Jaro-Winkler similarity of the whole name and by
//! shared words, so that a typo, a missing word or a reordering are all caught.

use std::collections::BTreeSet;

/// How alike two folded names are, from 0 to 1.
pub(crate) fn likeness(a: &str, b: &str) -> f64 {
    let whole = strsim::jaro_winkler(a, b);
    let words = |s: &str| -> BTreeSet<String> {
        s.split(' ')
            .filter(|w| w.len() > 1)
            .map(str::to_owned)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let shared = wa.intersection(&wb).count();
    let overlap = if wa.is_empty() || wb.is_empty() {
        0.0
    } else {
        shared as f64 / wa.len().min(wb.len()) as f64
    };
    whole.max(overlap * 0.95)
}

/// Names this alike are offered as "did you mean".
pub(crate) const NEAR: f64 = 0.9;

#[cfg(test)]
mod tests {
    use super::*;
    use civiclink_domain::text::search_key;

    fn near(a: &str, b: &str) -> bool {
        likeness(&search_key(a), &search_key(b)) >= NEAR
    }

    #[test]
    fn typos_missing_words_and_reorderings_are_near() {
        assert!(near("ArcGIS Enterprise", "ArcGis Entreprise"));
        assert!(near("ArcGIS Enterprise", "Esri ArcGIS Enterprise"));
        assert!(near("Microsoft 365", "365 Microsoft"));
        assert!(near("Laserfiche", "LaserFiche"));
    }

    #[test]
    fn different_products_are_not() {
        assert!(!near("ArcGIS Enterprise", "QGIS"));
        assert!(!near("Laserfiche", "Cityworks"));
        assert!(!near("Tyler Munis", "Tyler EnerGov"));
        assert!(!near("ArcGIS Online", "ArcGIS Enterprise"));
    }
}
