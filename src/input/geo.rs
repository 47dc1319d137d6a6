//! School positions on a local plane in kilometres.
//!
//! Distances matter only within one county (tens of kilometres), where an equirectangular
//! projection around the county's mean position errs by well under 1%: simpler than a real map
//! projection and with no extra dependency.

use crate::domain::Point;

/// Kilometres per degree of latitude, and of longitude at the equator.
const KM_PER_DEG_LAT: f64 = 110.574;
const KM_PER_DEG_LON: f64 = 111.32;

/// Projects (lat, lon) pairs in degrees around their mean.
pub fn project(coords: &[(f64, f64)]) -> Vec<Point> {
    if coords.is_empty() {
        return Vec::new();
    }
    let n = coords.len() as f64;
    let lat0 = coords.iter().map(|c| c.0).sum::<f64>() / n;
    let lon0 = coords.iter().map(|c| c.1).sum::<f64>() / n;
    let cos0 = lat0.to_radians().cos();
    coords
        .iter()
        .map(|&(lat, lon)| Point {
            x_km: (lon - lon0) * KM_PER_DEG_LON * cos0,
            y_km: (lat - lat0) * KM_PER_DEG_LAT,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_110_km() {
        let p = project(&[(28.0, 115.0), (29.0, 115.0)]);
        assert!((p[0].distance_km(p[1]) - 110.574).abs() < 1e-9);
        assert!((p[0].y_km + 55.287).abs() < 1e-9);
    }
}
