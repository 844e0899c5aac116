package io.mpcium.store;

import io.mpcium.VaultException;
import io.mpcium.WrongPassphraseException;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The format of one backup file.
 *
 * <pre>
 * "MPCIUMBK" | u8 format=1 | bytes(header) | sealed item 0 (check) | sealed item 1 (manifest)
 *            | sealed item 2.. (records)          each item: bytes(ShareVault record)
 * header = string node | u64 created (epoch ms) | string storeId | u64 fromSequence
 *          | u64 toSequence | u32 keyCount | u32 recordCount | u32 entries
 * </pre>
 *
 * The header is readable without the passphrase (to pick files and name the node); everything
 * else is AES-256-GCM under a key derived from the vault passphrase with scrypt (the KDF
 * parameters and salt are in each sealed item). Item {@code i} is sealed as record
 * {@code "mpcium:backup:" + hex(SHA-256(magic, format, header))}, version {@code i}: an item
 * moved to another position or file, or a header changed in any byte, does not open. A file is
 * full ({@code fromSequence = 0}) or an increment holding the records changed after
 * {@code fromSequence}; the manifest always lists every record of the store.
 */
final class BackupFile {
  static final String SUFFIX = ".mpcb";
  private static final byte[] MAGIC = "MPCIUMBK".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  private static final int MAX_HEADER = 4096;
  private static final int MAX_ITEM = ByteReader.MAX_FIELD;
  private static final byte[] CHECK = "mpcium backup v1".getBytes(StandardCharsets.US_ASCII);

  /** The clear-text header of a backup file. */
  record Header(String node, Instant created, String storeId, long fromSequence,
      long toSequence, int keyCount, int recordCount, int entries) {
    boolean full() {
      return fromSequence == 0;
    }

    byte[] encode() {
      return new ByteWriter().string(node).u64(created.toEpochMilli()).string(storeId)
          .u64(fromSequence).u64(toSequence).u32(keyCount).u32(recordCount).u32(entries)
          .toByteArray();
    }

    static Header decode(byte[] bytes) throws MalformedMessageException {
      ByteReader in = new ByteReader(bytes);
      Header header = new Header(in.string(256), Instant.ofEpochMilli(in.u64()), in.string(64),
          in.u64(), in.u64(), in.u32(), in.u32(), in.u32());
      in.end();
      if (header.entries < 0 || header.fromSequence < 0
          || header.toSequence < header.fromSequence) {
        throw new MalformedMessageException("inconsistent header");
      }
      return header;
    }
  }

  /** A decrypted backup file. */
  record Contents(Header header, List<MapDbKeyStore.Entry> manifest,
      List<MapDbKeyStore.Entry> records) { }

  private BackupFile() { }

  static byte[] write(Header header, List<MapDbKeyStore.Entry> manifest,
      List<MapDbKeyStore.Entry> records, ShareVault vault) {
    byte[] headerBytes = header.encode();
    String itemId = itemId(headerBytes);
    ByteWriter out = new ByteWriter(1024 + records.size() * 1024).raw(MAGIC).u8(FORMAT)
        .bytes(headerBytes);
    out.bytes(vault.seal(itemId, 0, CHECK));
    ByteWriter list = new ByteWriter(64 + manifest.size() * 48).u32(manifest.size());
    for (MapDbKeyStore.Entry entry : manifest) {
      list.string(entry.keyId()).u32(entry.version()).u64(entry.sequence());
    }
    out.bytes(vault.seal(itemId, 1, list.toByteArray()));
    for (int i = 0; i < records.size(); i++) {
      MapDbKeyStore.Entry entry = records.get(i);
      byte[] plain = new ByteWriter(entry.record().length + 64).string(entry.keyId())
          .u32(entry.version()).u64(entry.sequence()).bytes(entry.record()).toByteArray();
      out.bytes(vault.seal(itemId, i + 2, plain));
    }
    return out.toByteArray();
  }

  /** Reads just the clear-text header, without reading the whole file. */
  static Header readHeader(Path file) throws BackupException {
    byte[] prefix;
    try (InputStream in = Files.newInputStream(file)) {
      prefix = in.readNBytes(MAGIC.length + 1 + 4 + MAX_HEADER);
    } catch (IOException e) {
      throw new BackupException("cannot read backup file " + file + ": " + e, e);
    }
    try {
      ByteReader in = new ByteReader(prefix);
      return header(in, file);
    } catch (MalformedMessageException e) {
      throw malformed(file, e);
    }
  }

  /** The passphrase-independent part of a file: its header and its still-sealed items. */
  record Sealed(Path file, Header header, String itemId, List<byte[]> items) { }

  static Sealed read(Path file) throws BackupException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BackupException("cannot read backup file " + file + ": " + e, e);
    }
    try {
      ByteReader in = new ByteReader(bytes);
      Header header = header(in, file);
      List<byte[]> items = new ArrayList<>();
      for (int i = 0; i < header.entries() + 2; i++) {
        items.add(in.bytes(MAX_ITEM));
      }
      in.end();
      return new Sealed(file, header, itemId(header.encode()), items);
    } catch (MalformedMessageException e) {
      throw malformed(file, e);
    }
  }

  /** The KDF parameters the file's items are sealed under. */
  static KdfParams params(Sealed sealed) throws BackupException {
    try {
      return ShareVault.paramsOf(sealed.items().get(0));
    } catch (VaultException e) {
      throw new BackupException("backup file " + sealed.file() + " is malformed: "
          + e.getMessage());
    }
  }

  /**
   * Decrypts a file with a vault opened on the file's KDF parameters.
   *
   * @throws WrongPassphraseException if the passphrase is wrong (or the header was altered)
   * @throws BackupException if the passphrase is right but an item does not open
   */
  static Contents open(Sealed sealed, ShareVault vault) throws BackupException,
      WrongPassphraseException {
    Path file = sealed.file();
    try {
      byte[] check = vault.open(sealed.itemId(), 0, sealed.items().get(0));
      if (!Arrays.equals(check, CHECK)) {
        throw new BackupException("backup file " + file + " is not a backup of this format");
      }
    } catch (WrongPassphraseException e) {
      throw new WrongPassphraseException("backup file " + file + " does not open with this "
          + "passphrase (wrong passphrase, or its header was altered)");
    } catch (VaultException e) {
      throw new BackupException("backup file " + file + " is malformed: " + e.getMessage());
    }
    try {
      ByteReader list = new ByteReader(vault.open(sealed.itemId(), 1, sealed.items().get(1)));
      int count = list.u32();
      if (count < 0 || count > MAX_ITEM / 16) {
        throw new MalformedMessageException("manifest of " + count + " records");
      }
      List<MapDbKeyStore.Entry> manifest = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        manifest.add(new MapDbKeyStore.Entry(list.string(1024), list.u32(), list.u64(),
            new byte[0]));
      }
      list.end();
      List<MapDbKeyStore.Entry> records = new ArrayList<>();
      for (int i = 2; i < sealed.items().size(); i++) {
        ByteReader in = new ByteReader(vault.open(sealed.itemId(), i, sealed.items().get(i)));
        records.add(new MapDbKeyStore.Entry(in.string(1024), in.u32(), in.u64(),
            in.bytes(MAX_ITEM)));
        in.end();
      }
      return new Contents(sealed.header(), List.copyOf(manifest), List.copyOf(records));
    } catch (VaultException e) {
      throw new BackupException("backup file " + file + " is corrupted: " + e.getMessage());
    } catch (MalformedMessageException e) {
      throw malformed(file, e);
    }
  }

  private static Header header(ByteReader in, Path file) throws MalformedMessageException,
      BackupException {
    if (!Arrays.equals(in.raw(MAGIC.length), MAGIC)) {
      throw new BackupException(file + " is not an Mpcium backup file");
    }
    int format = in.u8();
    if (format != FORMAT) {
      throw new BackupException("backup file " + file + " has format " + format
          + "; this version reads format " + FORMAT);
    }
    return Header.decode(in.bytes(MAX_HEADER));
  }

  private static BackupException malformed(Path file, MalformedMessageException e) {
    return new BackupException("backup file " + file + " is truncated or malformed ("
        + e.getMessage() + ")");
  }

  private static String itemId(byte[] header) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(MAGIC);
      sha.update((byte) FORMAT);
      sha.update(header);
      return "mpcium:backup:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
