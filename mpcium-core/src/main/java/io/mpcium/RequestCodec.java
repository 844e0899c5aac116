package io.mpcium;

import io.mpcium.internal.codec.ByteWriter;
import java.util.regex.Pattern;

/** Validation and the signed encoding shared by the {@link Request} types. */
final class RequestCodec {
  static final String DOMAIN = "mpcium/request/v1";
  /** Wire encoding (not signed bytes) of requests in the {@link RequestFormat#MPCIUM} format. */
  static final String MPCIUM_DOMAIN = "mpcium/request/mpcium-client/v1";
  static final int KEYGEN = 1;
  static final int SIGN = 2;
  static final int RESHARE = 3;
  static final int MAX_ID = 128;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestCodec() { }

  static String checkId(String value, String what) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1-128 characters from "
          + "[A-Za-z0-9._:-]");
    }
    return value;
  }

  static ByteWriter header(int kind, String requestId, String walletId) {
    return new ByteWriter().string(DOMAIN).u8(kind).string(requestId).string(walletId);
  }

  static ByteWriter mpciumHeader(int kind, String requestId, String walletId) {
    return new ByteWriter().string(MPCIUM_DOMAIN).u8(kind).string(requestId).string(walletId);
  }
}
