package vn.signdesk.signing.keys;

import java.util.Objects;

/**
 * Which token of a PKCS#11 library to open: by token label, by slot ID, or by position in the
 * library's slot list.
 *
 * <p>A label is the steadiest choice: SoftHSM2 and most HSMs give slots IDs that change when
 * tokens are added, and list positions shift with them.
 */
public sealed interface TokenSlot {

    /** The token whose label (CKA_LABEL of the token, PKCS#11 {@code CK_TOKEN_INFO.label}) is this. */
    static TokenSlot label(String tokenLabel) {
        return new Label(tokenLabel);
    }

    /** The token in the slot with this PKCS#11 slot ID. */
    static TokenSlot id(long slotId) {
        return new Id(slotId);
    }

    /** The token in the slot at this position of the library's list of all slots (0 is the first). */
    static TokenSlot index(int slotListIndex) {
        return new Index(slotListIndex);
    }

    /** A token chosen by its label, which may not be blank. */
    record Label(String tokenLabel) implements TokenSlot {
        public Label {
            Objects.requireNonNull(tokenLabel, "tokenLabel");
            if (tokenLabel.isBlank()) {
                throw new IllegalArgumentException("a token label may not be blank");
            }
            if (tokenLabel.length() > 32) {
                // CK_TOKEN_INFO.label is 32 bytes, blank-padded (PKCS#11 v2.40 §3.2)
                throw new IllegalArgumentException("a token label has at most 32 characters");
            }
        }
    }

    /** A token chosen by slot ID. */
    record Id(long slotId) implements TokenSlot {
        public Id {
            if (slotId < 0) {
                throw new IllegalArgumentException("a slot ID may not be negative");
            }
        }
    }

    /** A token chosen by its slot's position in the slot list. */
    record Index(int slotListIndex) implements TokenSlot {
        public Index {
            if (slotListIndex < 0) {
                throw new IllegalArgumentException("a slot list index may not be negative");
            }
        }
    }
}
