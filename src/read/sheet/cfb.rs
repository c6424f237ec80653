//! Just enough of the OLE compound file format (the container of .xls) to check it and pull out the
//! workbook stream. calamine's own reader follows sector chains with no loop check — a cyclic directory
//! chain grows memory without bound — trusts declared stream sizes, and indexes its FAT unchecked. This
//! walker checks every chain calamine will follow (loops, sectors past the end, sizes past the file) and
//! refuses the file when one is bad, so calamine only ever sees sound containers.

use crate::read::ReadError;

const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const HEADER_BYTES: usize = 512;
/// Sector ids at and above this are markers (free, end of chain, FAT, DIFAT), not sectors.
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// calamine reads sector ids below this from the DIFAT as FAT sectors.
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const MINI_SECTOR_BYTES: usize = 64;
/// Streams smaller than this live in the mini stream.
const MINI_STREAM_CUTOFF: u64 = 4096;
const DIR_ENTRY_BYTES: usize = 128;
const HEADER_DIFAT_ENTRIES: usize = 109;

/// A checked compound file.
pub(super) struct CompoundFile<'a> {
    sectors: Sectors<'a>,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
    entries: Vec<DirEntry>,
}

struct DirEntry {
    name: String,
    start: u32,
    size: u64,
}

/// Fixed-size sectors over a byte slice; sector `id` starts after `offset` bytes.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    offset: usize,
}

impl<'a> Sectors<'a> {
    /// The sector's bytes; the last one may be short, as calamine allows.
    fn get(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize)
            .checked_mul(self.size)?
            .checked_add(self.offset)?;
        let end = start.checked_add(self.size)?.min(self.bytes.len());
        self.bytes.get(start..end).filter(|s| !s.is_empty())
    }

    fn count(&self) -> usize {
        self.bytes
            .len()
            .saturating_sub(self.offset)
            .div_ceil(self.size)
    }
}

impl<'a> CompoundFile<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<CompoundFile<'a>, ReadError> {
        let header = bytes
            .get(..HEADER_BYTES)
            .filter(|h| h.starts_with(&MAGIC))
            .ok_or_else(|| corrupt("not an OLE compound file"))?;
        let size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(corrupt("bad sector size")),
        };
        if u16_at(header, 32) != Some(6) {
            return Err(corrupt("bad mini sector size"));
        }
        let sectors = Sectors {
            bytes,
            size,
            offset: size,
        };
        let fat = read_fat(&sectors, header)?;
        let dir_start = u32_at(header, 48).ok_or_else(|| corrupt("header"))?;
        // calamine follows the directory chain to its end with no length bound: it must end.
        let dir = read_chain(&sectors, &fat, dir_start, usize::MAX)?;
        let entries = parse_entries(&dir, size == 512);
        let root = entries
            .first()
            .ok_or_else(|| corrupt("empty root directory"))?;
        let mini_fat_sectors = u32_at(header, 64).unwrap_or(0) as usize;
        let (mini_fat, mini_stream) = if mini_fat_sectors > 0 {
            if mini_fat_sectors > sectors.count() {
                return Err(corrupt("mini FAT larger than the file"));
            }
            let mini_start = u32_at(header, 60).unwrap_or(END_OF_CHAIN);
            let table = read_chain(&sectors, &fat, mini_start, mini_fat_sectors * size)?;
            let stream_len = bounded_len(root.size, bytes.len())?;
            let stream = read_chain(&sectors, &fat, root.start, stream_len)?;
            (to_u32s(&table), stream)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(CompoundFile {
            sectors,
            fat,
            mini_fat,
            mini_stream,
            entries,
        })
    }

    /// The stream with this name (case-insensitive, like calamine), or None.
    pub fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        self.read_entry(entry).map(Some)
    }

    fn read_entry(&self, entry: &DirEntry) -> Result<Vec<u8>, ReadError> {
        if entry.size < MINI_STREAM_CUTOFF {
            let mini = Sectors {
                bytes: &self.mini_stream,
                size: MINI_SECTOR_BYTES,
                offset: 0,
            };
            let len = bounded_len(entry.size, self.mini_stream.len())?;
            read_chain(&mini, &self.mini_fat, entry.start, len)
        } else {
            let len = bounded_len(entry.size, self.sectors.bytes.len())?;
            read_chain(&self.sectors, &self.fat, entry.start, len)
        }
    }
}

/// The FAT: the sectors the DIFAT lists (109 in the header, then a chain of DIFAT sectors).
fn read_fat(sectors: &Sectors<'_>, header: &[u8]) -> Result<Vec<u32>, ReadError> {
    let mut difat: Vec<u32> = to_u32s(header.get(76..).unwrap_or_default());
    difat.truncate(HEADER_DIFAT_ENTRIES);
    let mut next = u32_at(header, 68).unwrap_or(END_OF_CHAIN);
    let mut steps = 0usize;
    while next < MAX_REGULAR_SECTOR {
        steps += 1;
        if steps > sectors.count() {
            return Err(corrupt("DIFAT chain loops"));
        }
        let sector = sectors
            .get(next)
            .ok_or_else(|| corrupt("DIFAT sector past the end of the file"))?;
        let mut entries = to_u32s(sector);
        next = entries.pop().unwrap_or(END_OF_CHAIN);
        difat.extend(entries);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
    // Each FAT sector is a distinct sector of the file; more ids than sectors would repeat them and let a
    // small file claim a huge FAT.
    if fat_sectors.len() > sectors.count() {
        return Err(corrupt("FAT larger than the file"));
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * sectors.size / 4);
    for id in fat_sectors {
        let sector = sectors
            .get(id)
            .ok_or_else(|| corrupt("FAT sector past the end of the file"))?;
        fat.extend(to_u32s(sector));
    }
    Ok(fat)
}

/// Follows a chain for at most `len` bytes, refusing loops and sectors outside the file or the table.
/// A chain without a loop visits each sector of the file at most once, so a longer walk is a loop.
fn read_chain(
    sectors: &Sectors<'_>,
    table: &[u32],
    start: u32,
    len: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != END_OF_CHAIN && out.len() < len {
        steps += 1;
        if steps > sectors.count() {
            return Err(corrupt("sector chain loops"));
        }
        let sector = sectors
            .get(id)
            .ok_or_else(|| corrupt("sector chain points past the end of the file"))?;
        let take = sector.len().min(len - out.len());
        out.extend_from_slice(sector.get(..take).unwrap_or_default());
        id = *table
            .get(id as usize)
            .ok_or_else(|| corrupt("sector chain leaves the allocation table"))?;
    }
    Ok(out)
}

fn parse_entries(dir: &[u8], small_sectors: bool) -> Vec<DirEntry> {
    dir.chunks_exact(DIR_ENTRY_BYTES)
        .map(|raw| {
            let units: Vec<u16> = raw
                .get(..64)
                .unwrap_or_default()
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .take_while(|&u| u != 0)
                .collect();
            let size = if small_sectors {
                u64::from(u32_at(raw, 120).unwrap_or(0))
            } else {
                u64_at(raw, 120).unwrap_or(0)
            };
            DirEntry {
                name: String::from_utf16_lossy(&units),
                start: u32_at(raw, 116).unwrap_or(END_OF_CHAIN),
                size,
            }
        })
        .collect()
}

/// A declared size as a length, refused when it is larger than what it is read from.
fn bounded_len(size: u64, available: usize) -> Result<usize, ReadError> {
    usize::try_from(size)
        .ok()
        .filter(|&len| len <= available)
        .ok_or_else(|| corrupt("stream size larger than the file"))
}

fn to_u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let b: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

fn corrupt(what: &str) -> ReadError {
    ReadError::Corrupt(format!("compound file: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal v3 compound file: header, one FAT sector (sector 0), one directory sector (sector 1).
    fn compound(dir_next: u32) -> Vec<u8> {
        let mut file = vec![0u8; HEADER_BYTES * 3];
        file[..8].copy_from_slice(&MAGIC);
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[32..34].copy_from_slice(&6u16.to_le_bytes());
        file[48..52].copy_from_slice(&1u32.to_le_bytes());
        file[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for entry in file[76..HEADER_BYTES].chunks_exact_mut(4) {
            entry.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        file[76..80].copy_from_slice(&0u32.to_le_bytes());
        let fat = HEADER_BYTES;
        for entry in file[fat..fat + HEADER_BYTES].chunks_exact_mut(4) {
            entry.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        file[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        file[fat + 4..fat + 8].copy_from_slice(&dir_next.to_le_bytes());
        let dir = HEADER_BYTES * 2;
        let name: Vec<u8> = "Root Entry"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        file[dir..dir + name.len()].copy_from_slice(&name);
        file[dir + 116..dir + 120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        file
    }

    #[test]
    fn sound_file_parses() {
        let bytes = compound(END_OF_CHAIN);
        let file = CompoundFile::parse(&bytes).unwrap();
        assert_eq!(file.entries[0].name, "Root Entry");
        assert_eq!(file.stream("Workbook").unwrap(), None);
    }

    #[test]
    fn looping_directory_chain_is_refused() {
        let bytes = compound(1);
        let err = CompoundFile::parse(&bytes).err().unwrap();
        assert_eq!(err.code(), "corrupt");
    }

    #[test]
    fn chain_past_the_end_is_refused() {
        let bytes = compound(7);
        assert!(CompoundFile::parse(&bytes).is_err());
        assert!(CompoundFile::parse(&bytes[..100]).is_err());
    }
}
