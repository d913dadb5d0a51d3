/**
 * Opening signing keys: PKCS#12 files ({@link vn.signdesk.signing.keys.Pkcs12Keys}) and PKCS#11
 * tokens such as an HSM or SoftHSM2 ({@link vn.signdesk.signing.keys.Pkcs11Token}), each giving a
 * {@link vn.signdesk.signing.SigningKey} that is opened once and reused for every signature.
 *
 * <p>Errors are {@link vn.signdesk.signing.KeyAccessException}s whose messages name a key or token
 * only by its public label: never a file path, alias, PIN or password.
 */
package vn.signdesk.signing.keys;
