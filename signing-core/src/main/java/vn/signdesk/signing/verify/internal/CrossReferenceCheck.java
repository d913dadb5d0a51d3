package vn.signdesk.signing.verify.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSObjectKey;
import vn.signdesk.signing.verify.internal.RawTokens.Malformed;
import vn.signdesk.signing.verify.internal.RawXref.Chain;
import vn.signdesk.signing.verify.internal.RawXref.Entry;

/**
 * Whether the revisions added after a signed revision leave every object of the signed revision on
 * its own bytes, as the cross-reference entries write them: the rule that a revision changes "no
 * object" only if every object resolves to the same bytes, and that pointing an object number at
 * other bytes is a change (the shadow attacks' "hide via referenced object": an update that only
 * writes a cross-reference section, whose entry for an overlay points at a metadata stream's bytes).
 *
 * <p>Implementation notes. Entries are read raw ({@link RawXref}), because PDFBox answers an entry
 * that points at another object's header by searching the file for the object instead, and ignores
 * free entries: both show a document other viewers do not show. Four rules, each a finding:
 *
 * <ul>
 *   <li>every entry in use of an added section points at the header {@code n g obj} of its own number
 *       and generation;
 *   <li>an entry that points into the signed bytes points where the signed revision's entry does
 *       (its raw entries, or PDFBox's offsets when they cannot be read); an entry into an object
 *       stream names the object the stream's header lists at that index;
 *   <li>a free entry does not remove an object of the signed revision the document still uses;
 *   <li>the added sections chain (/Prev) to the signed revision's last section.
 * </ul>
 *
 * Runs only for a signature with revisions after it: never on the path of a document that ends with
 * its signature.
 */
final class CrossReferenceCheck {

    private CrossReferenceCheck() {}

    /** One English sentence per redirection found after the signed revision ending at {@code signedEnd}. */
    static List<String> redirections(RawXref.Sections sections, long signedEnd, Snapshot signed, Snapshot last) {
        byte[] pdf = sections.pdf();
        long signedStart = RawXref.lastStartxref(pdf, signedEnd);
        Chain added;
        try {
            added = sections.chain(RawXref.lastStartxref(pdf, pdf.length), signedEnd);
        } catch (Malformed e) {
            return List.of("A cross-reference section added after signing cannot be read: " + e.getMessage() + ".");
        }
        List<String> out = new ArrayList<>();
        if (added.continuesAtOrNull() == null || added.continuesAtOrNull() != signedStart) {
            out.add("The revisions added after signing do not continue the signed revision's cross-reference"
                    + " sections.");
        }
        Map<Long, Entry> before = signedEntries(sections, signedStart, signed);
        Map<Long, Entry> after = added.effective();
        for (Map.Entry<Long, Entry> e : after.entrySet()) {
            String finding = check(pdf, signedEnd, e.getKey(), e.getValue(), before, after, last);
            if (finding != null) {
                out.add(finding);
            }
        }
        return out;
    }

    private static String check(
            byte[] pdf,
            long signedEnd,
            long number,
            Entry entry,
            Map<Long, Entry> before,
            Map<Long, Entry> after,
            Snapshot last) {
        Entry old = before.get(number);
        if (entry.free()) {
            boolean inUse = old != null && !old.free();
            COSObjectKey key = inUse ? new COSObjectKey(number, old.type() == 1 ? (int) old.field3() : 0) : null;
            return inUse && !last.referrersOf(key).isEmpty()
                    ? "Object " + number + " was marked free although the document still uses it."
                    : null;
        }
        if (entry.type() == 1) {
            String header = headerProblem(pdf, number, entry);
            if (header != null) {
                return header;
            }
            if (entry.field2() < signedEnd && !sameEntry(old, entry)) {
                return "Object " + number + " was pointed at other bytes of the signed revision (offset "
                        + entry.field2() + (old == null || old.free() ? ", where it was not in use)." : ").");
            }
            return null;
        }
        long stream = entry.field2();
        Entry streamEntry = after.getOrDefault(stream, before.get(stream));
        if (streamEntry != null && streamEntry.type() == 1 && streamEntry.field2() >= signedEnd) {
            Long member = RawXref.objectStreamMember(pdf, streamEntry.field2(), entry.field3());
            return member != null && member == number
                    ? null
                    : "The entry of object " + number + " points at another object of object stream " + stream + ".";
        }
        return sameEntry(old, entry)
                ? null
                : "Object " + number + " was pointed at another place in the signed revision's object streams.";
    }

    /** Whether an entry points at the header of its own object; a sentence saying why not, or null. */
    private static String headerProblem(byte[] pdf, long number, Entry entry) {
        long[] header;
        try {
            header = new RawTokens(pdf, entry.field2()).objectHeader();
        } catch (Malformed e) {
            header = null;
        }
        if (header == null) {
            return "The cross-reference entry of object " + number + " points at offset " + entry.field2()
                    + ", where no object starts.";
        }
        if (header[0] != number || header[1] != entry.field3()) {
            return "The cross-reference entry of object " + number + " points at the bytes of object " + header[0] + " "
                    + header[1] + " (offset " + entry.field2() + ").";
        }
        return null;
    }

    /** Whether two entries point at the same place; an unknown object-stream index (-1) matches any. */
    private static boolean sameEntry(Entry old, Entry now) {
        if (old == null || old.type() != now.type()) {
            return false;
        }
        return old.field2() == now.field2()
                && (old.field3() == now.field3() || old.type() == 2 && (old.field3() < 0 || now.field3() < 0));
    }

    /** The signed revision's entries: as its bytes write them, or as PDFBox read them when they cannot be read. */
    private static Map<Long, Entry> signedEntries(RawXref.Sections sections, long signedStart, Snapshot signed) {
        try {
            return sections.chain(signedStart, 0).effective();
        } catch (Malformed e) {
            Map<Long, Entry> out = new HashMap<>();
            signed.xref.forEach((key, offset) -> out.put(
                    key.getNumber(),
                    offset >= 0
                            ? new Entry(1, offset, key.getGeneration())
                            : new Entry(2, -offset, key.getStreamIndex())));
            return out;
        }
    }
}
