//! `numvec::random::RandomState` against NumPy's legacy `RandomState`, bit for
//! bit, from fixtures written by `scripts/gen_golden.py`.

use numvec::Error;
use numvec::random::{MtState, RandomState};
use rand_core::Rng;

const GOLDEN: &str = include_str!("data/random_golden.txt");
/// The probabilities of the fixtures' `choice_p` calls.
const P: [f64; 5] = [0.1, 0.2, 0.3, 0.15, 0.25];
/// The probabilities of the fixtures' `choice_p_noreplace` calls.
const Q: [f64; 5] = [0.6, 0.1, 0.1, 0.1, 0.1];

/// Parses `name(a,b,c)` into the name and its integer arguments.
fn parse_call(call: &str) -> (&str, Vec<i64>) {
    let (name, rest) = call.split_once('(').expect("call has arguments");
    let args = rest.trim_end_matches(')').split(',').filter(|a| !a.is_empty()).map(|a| a.parse().unwrap()).collect();
    (name, args)
}

fn floats(values: &str) -> Vec<f64> {
    values.split_whitespace().map(|v| v.parse().unwrap()).collect()
}

fn ints(values: &str) -> Vec<i64> {
    values.split_whitespace().map(|v| v.parse().unwrap()).collect()
}

/// The FNV-1a 64-bit hash of the little-endian bytes of `words`, as
/// `scripts/gen_golden.py` writes it for the `digest_` calls.
fn digest(words: impl IntoIterator<Item = u64>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in words.into_iter().flat_map(u64::to_le_bytes) {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Asserts exact equality of the bit patterns, so `-0.0` and NaN compare too.
fn assert_bits(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.to_bits(), w.to_bits(), "{what}: element {i}: {g:?} != {w:?}");
    }
}

#[test]
fn golden_sequences_match_numpy_bit_for_bit() {
    let mut rs = RandomState::new(0);
    let mut checked = 0;
    for line in GOLDEN.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let (head, values) = line.split_once(" : ").expect("line has values");
        let (seed, call) = head.split_once(' ').unwrap();
        let call = match call.strip_prefix('+') {
            Some(rest) => rest,
            None => {
                rs = match seed.strip_prefix('k') {
                    Some(key) => {
                        let key: Vec<u32> = key.split(',').map(|k| k.parse().unwrap()).collect();
                        RandomState::from_key(&key).unwrap()
                    }
                    None => RandomState::new(seed.parse().unwrap()),
                };
                call
            }
        };
        let what = format!("seed {seed} {call}");
        let (name, args) = parse_call(call);
        match name {
            "rand" => assert_bits(rs.rand(&[args[0] as usize]).unwrap().as_slice().unwrap(), &floats(values), &what),
            "randn" => assert_bits(rs.randn(&[args[0] as usize]).unwrap().as_slice().unwrap(), &floats(values), &what),
            "normal" => {
                let x = rs.normal(args[0] as f64, args[1] as f64, &[args[2] as usize]).unwrap();
                assert_bits(x.as_slice().unwrap(), &floats(values), &what)
            }
            "uniform" => {
                let x = rs.uniform(args[0] as f64, args[1] as f64, &[args[2] as usize]).unwrap();
                assert_bits(x.as_slice().unwrap(), &floats(values), &what)
            }
            "randint" => {
                let x = rs.randint(args[0], args[1], &[args[2] as usize]).unwrap();
                assert_eq!(x.as_slice().unwrap(), ints(values).as_slice(), "{what}");
            }
            "randint_i32" => {
                let x = rs.randint_as::<i32>(args[0], args[1], &[args[2] as usize]).unwrap();
                let want: Vec<i32> = ints(values).into_iter().map(|v| v as i32).collect();
                assert_eq!(x.as_slice().unwrap(), want.as_slice(), "{what}");
            }
            "digest_rand" => {
                let x = rs.rand(&[args[0] as usize]).unwrap();
                assert_eq!(digest(x.iter().map(|v| v.to_bits())), values, "{what}");
            }
            "digest_randn" => {
                let x = rs.randn(&[args[0] as usize]).unwrap();
                assert_eq!(digest(x.iter().map(|v| v.to_bits())), values, "{what}");
            }
            "digest_normal" => {
                let x = rs.normal(args[0] as f64, args[1] as f64, &[args[2] as usize]).unwrap();
                assert_eq!(digest(x.iter().map(|v| v.to_bits())), values, "{what}");
            }
            "digest_uniform" => {
                let x = rs.uniform(args[0] as f64, args[1] as f64, &[args[2] as usize]).unwrap();
                assert_eq!(digest(x.iter().map(|v| v.to_bits())), values, "{what}");
            }
            "digest_permutation" => {
                let x = rs.permutation(args[0] as usize).unwrap();
                assert_eq!(digest(x.iter().map(|&v| v as u64)), values, "{what}");
            }
            "digest_choice" => {
                let x = rs.choice(args[0] as usize, &[args[1] as usize], true, None).unwrap();
                assert_eq!(digest(x.iter().map(|&v| v as u64)), values, "{what}");
            }
            "digest_randint" => {
                let x = rs.randint(args[0], args[1], &[args[2] as usize]).unwrap();
                assert_eq!(digest(x.iter().map(|&v| v as u64)), values, "{what}");
            }
            "digest_randint_i32" => {
                let x = rs.randint_as::<i32>(args[0], args[1], &[args[2] as usize]).unwrap();
                assert_eq!(digest(x.iter().map(|&v| i64::from(v) as u64)), values, "{what}");
            }
            "permutation" => {
                let x = rs.permutation(args[0] as usize).unwrap();
                assert_eq!(x.as_slice().unwrap(), ints(values).as_slice(), "{what}");
            }
            "shuffle_rows" => {
                let n = args[0] as usize;
                let mut x = ndarray::Array::from_iter(0..2 * n as i64).into_shape_with_order((n, 2)).unwrap();
                rs.shuffle_array(&mut x.view_mut());
                assert_eq!(x.as_slice().unwrap(), ints(values).as_slice(), "{what}");
            }
            "choice" | "choice_noreplace" | "choice_p" | "choice_p_noreplace" => {
                let replace = !name.ends_with("noreplace");
                let p = if name.starts_with("choice_p") { Some(if replace { &P[..] } else { &Q[..] }) } else { None };
                let x = rs.choice(args[0] as usize, &[args[1] as usize], replace, p).unwrap();
                assert_eq!(x.as_slice().unwrap(), ints(values).as_slice(), "{what}");
            }
            "set_state" => {
                let v: Vec<&str> = values.split_whitespace().collect();
                let state = MtState {
                    pos: v[0].parse().unwrap(),
                    has_gauss: v[1] == "1",
                    cached_gaussian: v[2].parse().unwrap(),
                    key: v[3..].iter().map(|k| k.parse().unwrap()).collect(),
                };
                rs.set_state(&state).unwrap();
                assert_eq!(rs.get_state(), state);
            }
            "state" => {
                let v: Vec<&str> = values.split_whitespace().collect();
                let st = rs.get_state();
                assert_eq!(st.pos, v[0].parse::<usize>().unwrap(), "{what}: pos");
                assert_eq!(st.has_gauss, v[1] == "1", "{what}: has_gauss");
                assert_eq!(st.cached_gaussian.to_bits(), v[2].parse::<f64>().unwrap().to_bits(), "{what}: gauss");
                let key: Vec<u32> = v[3..].iter().map(|k| k.parse().unwrap()).collect();
                assert_eq!(&st.key[..key.len()], key.as_slice(), "{what}: key");
            }
            other => panic!("unknown call {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 5 * 29 + 3 * 3 + 4, "every fixture line was checked");
}

#[test]
fn shapes_fill_in_c_order() {
    let flat = RandomState::new(3).rand(&[6]).unwrap();
    let grid = RandomState::new(3).rand(&[2, 3]).unwrap();
    assert_eq!(grid.shape(), &[2, 3]);
    assert_eq!(grid.iter().copied().collect::<Vec<_>>(), flat.as_slice().unwrap());
    let scalar = RandomState::new(3).randn(&[]).unwrap();
    assert_eq!(scalar.ndim(), 0);
    assert!(RandomState::new(3).randint(0, 5, &[0, 4]).unwrap().is_empty());
}

#[test]
fn seed_resets_the_cached_normal() {
    let mut rs = RandomState::new(9);
    let first = rs.randn(&[3]).unwrap();
    assert!(rs.get_state().has_gauss);
    rs.seed(9);
    assert!(!rs.get_state().has_gauss);
    assert_eq!(rs.randn(&[3]).unwrap(), first);
}

#[test]
fn set_state_restores_generator_and_cached_normal() {
    let mut rs = RandomState::new(11);
    rs.randn(&[1]).unwrap();
    let saved = rs.get_state();
    let a = rs.randn(&[4]).unwrap();
    let b = rs.randint(-3, 3, &[4]).unwrap();
    rs.set_state(&saved).unwrap();
    assert_eq!(rs.randn(&[4]).unwrap(), a);
    assert_eq!(rs.randint(-3, 3, &[4]).unwrap(), b);
}

#[test]
fn error_cases() {
    let mut rs = RandomState::new(0);
    assert_eq!(rs.randint(5, 5, &[1]), Err(Error::InvalidArgument("low >= high".into())));
    assert_eq!(rs.randint(6, 5, &[1]), Err(Error::InvalidArgument("low >= high".into())));
    assert_eq!(rs.randint(6, 5, &[]), Err(Error::InvalidArgument("low >= high".into())));
    assert_eq!(rs.randint(6, 5, &[2, 0]).unwrap().shape(), &[2, 0]);
    let out_of_bounds = |m: &str| Err(Error::InvalidArgument(m.into()));
    assert_eq!(rs.randint_as::<i32>(0, (1 << 31) + 1, &[1]), out_of_bounds("high is out of bounds for int32"));
    assert_eq!(rs.randint_as::<i32>(-(1 << 31) - 1, 0, &[1]), out_of_bounds("low is out of bounds for int32"));
    assert_eq!(rs.randint_as::<i32>(1 << 31, (1 << 31) + 5, &[0]).unwrap().len(), 0);
    assert_eq!(RandomState::from_key(&[]).unwrap_err(), Error::InvalidArgument("Seed must be non-empty".into()));
    assert_eq!(rs.normal(0.0, -1.0, &[1]), Err(Error::InvalidArgument("scale < 0".into())));
    assert_eq!(rs.normal(0.0, -0.0, &[1]), Err(Error::InvalidArgument("scale < 0".into())));
    assert_eq!(rs.uniform(-1e308, 1e308, &[1]), Err(Error::InvalidArgument("Range exceeds valid bounds".into())));
    assert!(matches!(rs.rand(&[usize::MAX, 2]), Err(Error::TooLarge { .. })));
    let bad = MtState { key: vec![0; 10], pos: 0, has_gauss: false, cached_gaussian: 0.0 };
    assert!(matches!(rs.set_state(&bad), Err(Error::InvalidArgument(_))));
    let bad = MtState { key: vec![1; 624], pos: 625, has_gauss: false, cached_gaussian: 0.0 };
    assert!(matches!(rs.set_state(&bad), Err(Error::InvalidArgument(_))));
    // Failed calls consume nothing.
    assert_eq!(rs.get_state(), RandomState::new(0).get_state());
    // NumPy accepts a NaN scale.
    assert!(rs.normal(0.0, f64::NAN, &[1]).unwrap()[0].is_nan());
}

#[test]
fn rng_trait_gives_raw_mt19937_words() {
    let mut rs = RandomState::new(5489);
    assert_eq!(rs.next_u32(), 3_499_211_612);
    let mut rs = RandomState::new(5489);
    assert_eq!(rs.next_u64(), (3_499_211_612u64 << 32) | 581_869_302);
    let mut bytes = [0u8; 6];
    RandomState::new(5489).fill_bytes(&mut bytes);
    assert_eq!(&bytes[..4], &3_499_211_612u32.to_le_bytes());
    assert_eq!(&bytes[4..], &581_869_302u32.to_le_bytes()[..2]);
}

#[test]
fn choice_errors_follow_numpy() {
    let mut rs = RandomState::new(0);
    let msg = |m: &str| Err(Error::InvalidArgument(m.into()));
    assert_eq!(rs.choice(0, &[3], true, None), msg("a must be greater than 0 unless no samples are taken"));
    assert_eq!(rs.choice(0, &[0], true, None).unwrap().len(), 0);
    assert_eq!(rs.choice(0, &[], true, None), msg("a must be greater than 0 unless no samples are taken"));
    assert_eq!(
        rs.choice(5, &[6], false, None),
        msg("Cannot take a larger sample than population when 'replace=False'")
    );
    assert_eq!(rs.choice(3, &[2], true, Some(&[0.5, 0.5])), msg("'a' and 'p' must have same size"));
    assert_eq!(rs.choice(3, &[2], true, Some(&[0.5, 0.6, -0.1])), msg("probabilities are not non-negative"));
    assert_eq!(rs.choice(3, &[2], true, Some(&[0.5, 0.6, 0.1])), msg("probabilities do not sum to 1"));
    assert_eq!(rs.choice(3, &[2], true, Some(&[0.5, f64::NAN, 0.5])), msg("probabilities contain NaN"));
    assert_eq!(rs.choice(3, &[3], false, Some(&[0.5, 0.5, 0.0])), msg("Fewer non-zero entries in p than size"));
    assert_eq!(rs.get_state(), RandomState::new(0).get_state());
}

#[test]
fn choice_keeps_the_requested_shape() {
    let mut rs = RandomState::new(1);
    assert_eq!(rs.choice(7, &[2, 3], true, None).unwrap().shape(), &[2, 3]);
    assert_eq!(rs.choice(7, &[2, 3], false, None).unwrap().shape(), &[2, 3]);
    assert_eq!(rs.choice(7, &[2, 2], true, Some(&[1.0 / 7.0; 7])).unwrap().shape(), &[2, 2]);
    assert_eq!(rs.choice(7, &[2, 2], false, Some(&[1.0 / 7.0; 7])).unwrap().shape(), &[2, 2]);
}

#[test]
fn shuffle_array_matches_slice_shuffle_and_ignores_0d() {
    let mut flat: Vec<i64> = (0..9).collect();
    RandomState::new(4).shuffle(&mut flat);
    let mut rows = ndarray::Array::from_iter(0..27i64).into_shape_with_order((9, 3)).unwrap();
    RandomState::new(4).shuffle_array(&mut rows.view_mut());
    let firsts: Vec<i64> = rows.column(0).iter().map(|v| v / 3).collect();
    assert_eq!(firsts, flat);
    let mut scalar = ndarray::arr0(5.0);
    let mut rs = RandomState::new(4);
    rs.shuffle_array(&mut scalar.view_mut());
    assert_eq!(rs.get_state(), RandomState::new(4).get_state());
}
