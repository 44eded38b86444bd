//! Profile photos. What a member uploads is never stored or served as sent: it is sniffed (PNG,
//! JPEG or WebP only, whatever the file name or content type claim), its dimensions are read
//! from the header and refused past [`MAX_PIXELS`] before anything is decoded, and the decoded
//! picture is turned upright, cropped to a centred square, scaled to [`SIZE`]×[`SIZE`] and
//! encoded afresh as PNG. No metadata (EXIF, GPS, comments) and no crafted payload survives.

use std::io::Cursor;

use civiclink_domain::{MemberId, ValidationError};
use civiclink_store::{StoreError, execute, now, on_db};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::{People, PeopleError, PeopleResult};

/// The largest upload accepted, in bytes.
pub const AVATAR_MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most pixels an upload may declare (40 megapixels).
pub const AVATAR_MAX_PIXELS: u64 = 40_000_000;
/// The side of the stored square, in pixels.
pub const AVATAR_SIZE: u32 = 256;
/// The media type of every stored avatar.
pub const AVATAR_CONTENT_TYPE: &str = "image/png";

/// How many photos one process decodes at once (each may take a few hundred megabytes).
pub const AVATAR_DECODES_AT_ONCE: usize = 2;

static DECODES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(AVATAR_DECODES_AT_ONCE);

const FIELD: &str = "avatar";
const BAD_FORMAT: ValidationError = ValidationError::new(FIELD, "avatar-format");
const TOO_LARGE: ValidationError = ValidationError::new(FIELD, "avatar-too-large");
const TOO_MANY_PIXELS: ValidationError = ValidationError::new(FIELD, "avatar-too-many-pixels");

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, ValidationError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| BAD_FORMAT)?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) => Ok(reader),
        _ => Err(BAD_FORMAT),
    }
}

/// Checks an upload and re-encodes it as a [`AVATAR_SIZE`]-pixel square PNG. CPU-bound: call it
/// off the async runtime.
pub fn process_avatar(bytes: &[u8]) -> Result<Vec<u8>, ValidationError> {
    if bytes.len() > AVATAR_MAX_BYTES {
        return Err(TOO_LARGE);
    }
    // The header alone says how large the picture claims to be; a decompression bomb is refused
    // here, before a single pixel is allocated.
    let (w, h) = reader(bytes)?.into_dimensions().map_err(|_| BAD_FORMAT)?;
    if w == 0 || h == 0 {
        return Err(BAD_FORMAT);
    }
    if u64::from(w) * u64::from(h) > AVATAR_MAX_PIXELS {
        return Err(TOO_MANY_PIXELS);
    }
    // The decoder is held to what the header declared, and to enough memory for that many
    // 16-bit RGBA pixels, in case a later chunk disagrees with the header.
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some(u64::from(w) * u64::from(h) * 8 + 1024 * 1024);
    let mut reader = reader(bytes)?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| BAD_FORMAT)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| BAD_FORMAT)?;
    img.apply_orientation(orientation);
    encode_png(&square(&img))
}

/// The centred square of `img`, scaled to [`AVATAR_SIZE`].
fn square(img: &DynamicImage) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let side = w.min(h);
    img.crop_imm((w - side) / 2, (h - side) / 2, side, side)
        .resize_exact(AVATAR_SIZE, AVATAR_SIZE, FilterType::Lanczos3)
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, ValidationError> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(img.to_rgba8())
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|_| BAD_FORMAT)?;
    Ok(out.into_inner())
}

/// Runs `work` on the blocking pool once one of [`AVATAR_DECODES_AT_ONCE`] permits is free:
/// decoding a large photo takes hundreds of megabytes for a moment, so a burst of uploads waits
/// its turn instead of taking the memory all at once.
async fn one_of_few_decodes<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> PeopleResult<T> {
    let _permit = DECODES
        .acquire()
        .await
        .map_err(|e| PeopleError::Store(StoreError::corrupt(e)))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| PeopleError::Store(StoreError::corrupt(e)))
}

#[derive(sqlx::FromRow)]
struct AvatarRow {
    avatar: Option<Vec<u8>>,
    avatar_etag: Option<String>,
}

impl People {
    /// Replaces a member's photo with the re-encoded `bytes` (see [`process_avatar`]). A bad
    /// upload is a validation error on `avatar` and changes nothing.
    pub async fn set_avatar(&self, member: MemberId, bytes: Vec<u8>) -> PeopleResult<()> {
        let encoded = one_of_few_decodes(move || process_avatar(&bytes)).await??;
        let etag = uuid::Uuid::now_v7().simple().to_string();
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query(
                "UPDATE profiles SET avatar = $2, avatar_etag = $3, updated_at = $4 \
             WHERE member_id = $1",
            )
            .bind(member)
            .bind(&encoded)
            .bind(&etag)
            .bind(now())
        )
        .map_err(StoreError::from)?;
        if n == 0 {
            return Err(PeopleError::NotFound);
        }
        tx.emit(
            member.as_uuid(),
            &crate::PeopleEvent::AvatarChanged {
                avatar: true,
                etag: Some(etag.to_string()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A member's photo (PNG) and its entity tag, or `None` when they have none.
    pub async fn avatar(&self, member: MemberId) -> PeopleResult<Option<(Vec<u8>, String)>> {
        let row: Option<AvatarRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT avatar, avatar_etag FROM profiles WHERE member_id = $1",
        )
        .bind(member)
        .fetch_optional(p)
        .await)?;
        let row = row.ok_or(PeopleError::NotFound)?;
        Ok(match (row.avatar, row.avatar_etag) {
            (Some(bytes), Some(etag)) => Some((bytes, etag)),
            _ => None,
        })
    }

    /// Removes a member's photo; nothing happens (and no event is written) when there is none.
    pub async fn remove_avatar(&self, member: MemberId) -> PeopleResult<()> {
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query(
                "UPDATE profiles SET avatar = NULL, avatar_etag = NULL, updated_at = $2 \
             WHERE member_id = $1 AND avatar IS NOT NULL",
            )
            .bind(member)
            .bind(now())
        )
        .map_err(StoreError::from)?;
        if n > 0 {
            tx.emit(
                member.as_uuid(),
                &crate::PeopleEvent::AvatarChanged {
                    avatar: false,
                    etag: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use image::{GenericImageView, Rgba, RgbaImage};

    use super::*;

    /// A burst of uploads decodes at most [`AVATAR_DECODES_AT_ONCE`] at a time, and every one of
    /// them is decoded in the end.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn uploads_decode_a_few_at_a_time() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let burst = (0..4 * AVATAR_DECODES_AT_ONCE).map(|i| {
            let (running, most) = (Arc::clone(&running), Arc::clone(&most));
            tokio::spawn(one_of_few_decodes(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(40));
                running.fetch_sub(1, Ordering::SeqCst);
                i
            }))
        });
        let mut done = Vec::new();
        for task in burst.collect::<Vec<_>>() {
            done.push(task.await.expect("task").expect("decode"));
        }
        assert_eq!(done, (0..4 * AVATAR_DECODES_AT_ONCE).collect::<Vec<_>>());
        // Eight 40 ms jobs on a pool of many threads overlap unless the permits hold them back.
        assert_eq!(most.load(Ordering::SeqCst), AVATAR_DECODES_AT_ONCE);
    }

    fn encode(img: &RgbaImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let img = DynamicImage::ImageRgba8(img.clone());
        let img = if format == ImageFormat::Jpeg {
            DynamicImage::ImageRgb8(img.to_rgb8())
        } else {
            img
        };
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// The CRC-32 of a PNG chunk (its type and data).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A wide picture: red left third, green middle, blue right third.
    fn bands(w: u32, h: u32) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, _| match 3 * x / w {
            0 => Rgba([255, 0, 0, 255]),
            1 => Rgba([0, 255, 0, 255]),
            _ => Rgba([0, 0, 255, 255]),
        })
    }

    #[test]
    fn crops_the_centre_and_scales_to_the_square() {
        let png = process_avatar(&encode(&bands(900, 300), ImageFormat::Png)).unwrap();
        let out = image::load_from_memory_with_format(&png, ImageFormat::Png).unwrap();
        assert_eq!(out.dimensions(), (AVATAR_SIZE, AVATAR_SIZE));
        // Only the green middle third is left.
        for (x, y) in [(0, 0), (128, 128), (255, 255), (5, 250)] {
            let Rgba([r, g, b, _]) = out.get_pixel(x, y);
            assert!(g > 200 && r < 40 && b < 40, "({x}, {y}) is {r},{g},{b}");
        }
        // Tall pictures are cropped too, and small ones scaled up.
        let tall = process_avatar(&encode(&bands(30, 90), ImageFormat::Jpeg)).unwrap();
        let out = image::load_from_memory(&tall).unwrap();
        assert_eq!(out.dimensions(), (AVATAR_SIZE, AVATAR_SIZE));
        let webp = process_avatar(&encode(&bands(64, 48), ImageFormat::WebP)).unwrap();
        assert_eq!(image::guess_format(&webp).unwrap(), ImageFormat::Png);
    }

    #[test]
    fn strips_everything_but_pixels() {
        let mut png = encode(&bands(40, 40), ImageFormat::Png);
        // A text chunk before IEND, as a camera or an attacker would add.
        let iend = png.len() - 12;
        let chunk = b"\0\0\0\x0ctEXtComment\0evil\0\0\0\0";
        png.splice(iend..iend, chunk.iter().copied());
        let out = process_avatar(&png).unwrap();
        assert!(!out.windows(4).any(|w| w == b"tEXt" || w == b"evil"));
    }

    #[test]
    fn refuses_what_is_not_a_small_png_jpeg_or_webp() {
        let err = |b: &[u8]| process_avatar(b).err().map(|e| e.message);
        assert_eq!(err(b"not an image at all"), Some("avatar-format"));
        assert_eq!(err(b""), Some("avatar-format"));
        assert_eq!(
            err(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            Some("avatar-format")
        );
        assert_eq!(
            err(&vec![0; AVATAR_MAX_BYTES + 1]),
            Some("avatar-too-large")
        );
        // A PNG whose header declares 50000×50000: refused from the header alone.
        let mut png = encode(&bands(1, 1), ImageFormat::Png);
        png[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(err(&png), Some("avatar-too-many-pixels"));
        // Truncated data is a format error, not a panic.
        let whole = encode(&bands(64, 64), ImageFormat::Png);
        assert_eq!(err(&whole[..whole.len() / 2]), Some("avatar-format"));
    }
}
