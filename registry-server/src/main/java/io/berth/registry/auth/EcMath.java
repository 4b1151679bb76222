package io.berth.registry.auth;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * d·G on a short Weierstrass prime curve, to derive the public point of a loaded EC private key
 * (the JDK has no public API for it, and PKCS#8 files need not carry the public key). Runs once per
 * key load, on the key's own secret, so constant time is not a concern here.
 */
final class EcMath {
  private EcMath() {}

  static ECPoint multiply(ECParameterSpec params, BigInteger d) {
    BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
    BigInteger a = params.getCurve().getA();
    ECPoint result = ECPoint.POINT_INFINITY;
    ECPoint addend = params.getGenerator();
    for (int i = 0; i < d.bitLength(); i++) {
      if (d.testBit(i)) result = add(result, addend, a, p);
      addend = add(addend, addend, a, p);
    }
    return result;
  }

  private static ECPoint add(ECPoint s, ECPoint t, BigInteger a, BigInteger p) {
    if (s.equals(ECPoint.POINT_INFINITY)) return t;
    if (t.equals(ECPoint.POINT_INFINITY)) return s;
    BigInteger x1 = s.getAffineX(), y1 = s.getAffineY(), x2 = t.getAffineX(), y2 = t.getAffineY();
    BigInteger lambda;
    if (x1.equals(x2)) {
      if (!y1.equals(y2) || y1.signum() == 0) return ECPoint.POINT_INFINITY;
      lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
    } else {
      lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
    }
    BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
    BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
    return new ECPoint(x3, y3);
  }
}
