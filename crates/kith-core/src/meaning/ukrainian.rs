//! A light stemmer for Ukrainian: strips one inflectional ending, the longest that leaves a
//! stem with a vowel.
//!
//! Snowball has no Ukrainian stemmer, and its Russian one is a poor stand-in: it does not know
//! і, ї and є (so it finds the wrong vowels and regions), nor Ukrainian endings (`-ти`
//! infinitives, `-ів` genitives, `-ння` verbal nouns, `-ою` instrumentals), and it strips
//! Russian ones that are stems in Ukrainian. Light stemmers, which remove only inflection and
//! never derivation, do about as well as aggressive ones for short-text retrieval in Slavic
//! languages (Savoy's light stemmers for Czech, Polish and Russian are the usual reference), and
//! they fail safe: a word they cannot handle stays whole, and the concept lexicon lists the
//! forms a stem does not join ("біг" and "бігати" meet, "запуск" and "запустити" are both
//! listed).

/// Ukrainian vowels: a stem must keep one.
const VOWELS: &[char] = &['а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я'];

/// Inflectional endings of nouns, adjectives and verbs (with the verbal noun `-ння`, which
/// people use for activities: "плавання", "навчання"). Longest first is not required: the
/// longest match is chosen.
const ENDINGS: &[&str] = &[
    // Verbal nouns and their cases.
    "ування",
    "ювання",
    "уванням",
    "уванні",
    "ання",
    "яння",
    "ення",
    "іння",
    "анням",
    "янням",
    "енням",
    "анні",
    "янні",
    "енні",
    "анню",
    "енню",
    "аннях",
    "аннями", // Infinitives.
    "увати",
    "ювати",
    "ати",
    "яти",
    "ити",
    "іти",
    "оти",
    "ути",
    "ти",
    "ть",
    // Present and future.
    "аю",
    "яю",
    "ую",
    "юю",
    "ає",
    "яє",
    "ує",
    "аєш",
    "яєш",
    "уєш",
    "аємо",
    "уємо",
    "аєте",
    "уєте",
    "ають",
    "яють",
    "ують",
    "еш",
    "єш",
    "иш",
    "іш",
    "ить",
    "іть",
    "ять",
    "ать",
    "уть",
    "ють",
    "имо",
    "емо",
    "ємо",
    "ите",
    "ете",
    "єте", // Past.
    "ував",
    "ював",
    "ав",
    "яв",
    "ив",
    "ла",
    "ло",
    "ли",
    "ала",
    "яла",
    "ила",
    "іла",
    "али",
    "яли",
    "или",
    "іли",
    "ало",
    "ило", // Nouns and adjectives.
    "ами",
    "ями",
    "ах",
    "ях",
    "ам",
    "ям",
    "ом",
    "ем",
    "єм",
    "ою",
    "ею",
    "єю",
    "ові",
    "еві",
    "єві",
    "ів",
    "їв",
    "ей",
    "ій",
    "ий",
    "ої",
    "ого",
    "ому",
    "ього",
    "ьому",
    "ими",
    "іми",
    "их",
    "іх",
    "им",
    "ім",
    "ая",
    "яя",
    "а",
    "я",
    "е",
    "є",
    "и",
    "і",
    "ї",
    "о",
    "у",
    "ю",
    "ь",
    "й",
];

/// The stem of one lowercase Ukrainian word.
#[must_use]
pub fn stem(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() <= 3 {
        return word.to_owned();
    }
    // Reflexive verbs: "вчитися", "займаюсь".
    if chars.len() > 4 && matches!(chars[chars.len() - 2..], ['с', 'я'] | ['с', 'ь']) {
        chars.truncate(chars.len() - 2);
    }
    let mut best = 0;
    for ending in ENDINGS {
        let ending: Vec<char> = ending.chars().collect();
        if ending.len() <= best || !chars.ends_with(&ending) {
            continue;
        }
        let rest = &chars[..chars.len() - ending.len()];
        if rest.len() >= 2 && rest.iter().any(|c| VOWELS.contains(c)) {
            best = ending.len();
        }
    }
    chars.truncate(chars.len() - best);
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::stem;
    use rstest::rstest;

    #[rstest]
    #[case::run(&["біг", "бігати", "бігаю", "бігу", "бігом", "бігала"], "біг")]
    #[case::marathon(&["марафон", "марафону", "марафоні", "марафони", "марафонів"], "марафон")]
    #[case::company(&["компанія", "компанію", "компанії"], "компані")]
    #[case::english_adjective(&["англійська", "англійської", "англійську", "англійською"], "англійськ")]
    #[case::swimming(&["плавання", "плавати", "плаваю", "плавав"], "плав")]
    #[case::learning(&["навчання", "навчатися", "навчаюся"], "навч")]
    #[case::startup(&["стартап", "стартапу", "стартапи", "стартапом"], "стартап")]
    fn inflections_share_a_stem(#[case] forms: &[&str], #[case] expected: &str) {
        for form in forms {
            assert_eq!(stem(form), expected, "{form}");
        }
    }

    #[test]
    fn a_stem_keeps_a_vowel() {
        // "спів" (singing) is not "сп" + the genitive "-ів".
        assert_eq!(stem("спів"), "спів");
    }

    #[test]
    fn short_words_are_left_whole() {
        assert_eq!(stem("рок"), "рок");
    }
}
