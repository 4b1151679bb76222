package io.berth.client.model;

import io.berth.client.json.JsonFields;

/** The answer of {@code POST /auth}: {@code {"Status":"Login Succeeded","IdentityToken":""}}. */
public record AuthResponse(String status, String identityToken) {
  public AuthResponse {
    status = Zero.str(status);
    identityToken = Zero.str(identityToken);
  }

  public static AuthResponse fromJson(JsonFields f) {
    return new AuthResponse(f.string("Status"), f.string("IdentityToken"));
  }
}
