//! Charts drawn on the server as SVG: the geometry is computed here, from numbers only, and
//! the templates draw it, so that a chart needs no script and no style beyond the style sheet.

/// A horizontal bar: a label, its value, and its length in percent of the longest.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub(crate) label: &'static str,
    pub(crate) value: u64,
    pub(crate) width: f64,
    /// Where the bar's row starts, in the chart's units.
    pub(crate) y: u32,
}

/// Bars for `rows`, scaled to the largest value (an empty chart has bars of no length).
pub(crate) fn bars(rows: &[(&'static str, u64)]) -> Vec<Bar> {
    let most = rows
        .iter()
        .map(|(_, value)| *value)
        .max()
        .unwrap_or(0)
        .max(1);
    rows.iter()
        .zip(0u32..)
        .map(|((label, value), index)| Bar {
            label,
            value: *value,
            width: (*value as f64) * 100.0 / (most as f64),
            y: index * BAR_ROW,
        })
        .collect()
}

/// The height of a bar's row, in the chart's units.
pub(crate) const BAR_ROW: u32 = 28;

/// Lines over time, in a `WIDTH` × `HEIGHT` box with room for labels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lines {
    /// Each line's points as SVG wants them: `x,y x,y …`.
    pub(crate) series: Vec<(&'static str, String)>,
    /// The largest value, labelled at the top of the axis.
    pub(crate) top: u64,
    /// The first and last labels along the bottom.
    pub(crate) first: String,
    pub(crate) last: String,
}

/// The plotting area: x from `LEFT` to `WIDTH`, y from `TOP` to `BOTTOM`.
pub(crate) const WIDTH: f64 = 600.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 170.0;

/// Lines through `series` (each a name and one value per label), over `labels`.
pub(crate) fn lines(labels: &[String], series: &[(&'static str, Vec<u64>)]) -> Lines {
    let top = series
        .iter()
        .flat_map(|(_, values)| values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let series = series
        .iter()
        .map(|(name, values)| {
            // A single week is drawn as a level line across the chart, not as an invisible dot.
            let values: Vec<u64> = match values.as_slice() {
                [only] => vec![*only, *only],
                _ => values.clone(),
            };
            let steps = values.len().saturating_sub(1).max(1) as f64;
            let points = values
                .iter()
                .enumerate()
                .map(|(index, value)| {
                    let x = LEFT + (WIDTH - LEFT) * (index as f64) / steps;
                    let y = BOTTOM - (BOTTOM - TOP) * (*value as f64) / (top as f64);
                    format!("{x:.1},{y:.1}")
                })
                .collect::<Vec<_>>()
                .join(" ");
            (*name, points)
        })
        .collect();
    Lines {
        series,
        top,
        first: labels.first().cloned().unwrap_or_default(),
        last: labels.last().cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_and_an_empty_chart_has_none_drawn() {
        let drawn = bars(&[("queued", 10), ("reached", 5), ("replied", 0)]);
        let widths: Vec<f64> = drawn.iter().map(|bar| bar.width).collect();
        assert_eq!(widths, [100.0, 50.0, 0.0]);
        assert_eq!(drawn[2].y, 2 * BAR_ROW);
        assert!(bars(&[("queued", 0)]).iter().all(|bar| bar.width == 0.0));
    }

    #[test]
    fn lines_span_the_width_and_the_largest_value_touches_the_top() {
        let labels = vec!["2026-11-02".to_owned(), "2026-11-09".to_owned()];
        let drawn = lines(
            &labels,
            &[("people", vec![50, 100]), ("known", vec![0, 10])],
        );
        assert_eq!(drawn.series[0].1, "40.0,90.0 600.0,10.0");
        assert_eq!(drawn.series[1].1, "40.0,170.0 600.0,154.0");
        assert_eq!((drawn.top, drawn.last.as_str()), (100, "2026-11-09"));
        let one_week = lines(&labels[..1], &[("people", vec![7])]);
        assert_eq!(one_week.series[0].1, "40.0,10.0 600.0,10.0");
    }
}
