//! Latitude and longitude for generated schools. Schools are placed on a local km plane; bureaus'
//! files carry WGS84 degrees, so the writer converts with an equirectangular projection around
//! the county's seat (exact enough over 70 km). The cosine is our own series, not the platform
//! maths library, so the written digits are the same on every machine.

use super::calibration::{KM_PER_DEGREE, ORIGIN_LAT, ORIGIN_LON};
use crate::domain::Point;

/// A WGS84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// County `index` of a province sits on a 10-wide grid of 0.75° × 0.65° cells next to county 0.
pub fn county_origin(index: u32) -> LatLon {
    LatLon {
        lat: ORIGIN_LAT + f64::from(index / 10) * 0.65,
        lon: ORIGIN_LON + f64::from(index % 10) * 0.75,
    }
}

/// cos(x) by its Taylor series, exact to ~1e-9 for |x| ≤ 0.8 rad (latitudes up to 45°).
fn cos(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=8 {
        term *= -x2 / f64::from((2 * k - 1) * (2 * k));
        sum += term;
    }
    sum
}

impl LatLon {
    /// The position `p` km east (x) and north (y) of `self`.
    pub fn offset(self, p: Point) -> LatLon {
        let km_per_lon = KM_PER_DEGREE * cos(self.lat * std::f64::consts::PI / 180.0);
        LatLon {
            lat: self.lat + p.y_km / KM_PER_DEGREE,
            lon: self.lon + p.x_km / km_per_lon,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_cosine_is_accurate() {
        for deg in [0.0f64, 20.0, 28.0, 35.0, 45.0] {
            let x = deg.to_radians();
            assert!((cos(x) - x.cos()).abs() < 1e-9, "{deg}");
        }
    }
}
