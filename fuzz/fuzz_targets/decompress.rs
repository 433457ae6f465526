#![no_main]
//! Any bytes behind each magic number: the decoders return data or an error that names the
//! format, never panic; and a valid gzip stream cut anywhere errors or gives a prefix.

use std::io::{Cursor, Read, Write};

use libfuzzer_sys::fuzz_target;
use newsclean::source::compress::decompress;

const MAGICS: [&[u8]; 4] = [
    &[0x1f, 0x8b],
    &[0x28, 0xb5, 0x2f, 0xfd],
    b"BZh",
    &[0xfd, b'7', b'z', b'X', b'Z', 0x00],
];

fuzz_target!(|data: &[u8]| {
    for magic in MAGICS {
        let mut bytes = magic.to_vec();
        bytes.extend_from_slice(data);
        let mut d = decompress(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        // Bounded: a small input may still expand a lot.
        if let Err(e) = (&mut d.reader).take(1 << 24).read_to_end(&mut out) {
            let name = d.compression.unwrap().name();
            assert!(e.to_string().contains(name), "{e}");
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    let whole = gz.finish().unwrap();
    let cut = data.first().map_or(0, |&b| b as usize * whole.len() / 256);
    let mut d = decompress(Cursor::new(whole[..cut].to_vec())).unwrap();
    let mut out = Vec::new();
    // Shorter than the magic number, the bytes pass through as they are.
    if d.reader.read_to_end(&mut out).is_ok() && d.compression.is_some() {
        assert!(data.starts_with(&out));
    }
});
