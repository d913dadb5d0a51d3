package vn.signdesk.signing.verify.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import vn.signdesk.signing.verify.ChangeKind;

/**
 * Classifies what changed between a signed revision and the final document, object by object.
 *
 * <p>The approach follows pyHanko's difference analysis (its {@code DiffPolicy} and
 * {@code ModificationLevel}): every object that was redefined after signing must be explained by a
 * rule that knows its role in the signed revision, or the change is OTHER. New objects are judged
 * through the changed objects that refer to them (an unchanged signed object cannot refer to a new
 * one, except through a reference that dangled when it was signed, which is itself OTHER). Roles are
 * always taken from the signed revision: an attacker cannot make a signed stream an "appearance
 * stream" by pointing a widget at it afterwards.
 *
 * <ul>
 *   <li>LTA_UPDATES: /DSS and what it holds, /Extensions, XMP metadata, the /Info dictionary, new
 *       document timestamp fields and their widgets.
 *   <li>FORM_FILLING: /V, /AP, /AS of fields that are not signed signature fields; new signature
 *       fields; appearance streams rewritten in place that only that widget used.
 *   <li>ANNOTATIONS: page /Annots entries added or removed (not widgets), annotations changed, where
 *       what changes does not show over signed content.
 *   <li>OTHER: everything else, including any change to a signature dictionary, a signed signature
 *       field, page content, resources, the page tree, or a stream shared with signed content; an
 *       appearance rewritten while the field's value stays (in the widget or in its appearance
 *       stream); a read-only or locked (/Lock) field changed; an annotation added, removed or changed
 *       so that what a page shows over signed content changes (text or images of the signed page, an
 *       annotation that showed, see {@link SignedSurface}), unless it is a new signature's own widget;
 *       and whatever a certification signature's DocMDP permission forbids.
 * </ul>
 *
 * <p>Objects both revisions read from the same offset of their shared bytes are not parsed at all:
 * most of a document, and the reason a long document with a small update is cheap to analyse.
 */
final class ChangeClassifier {

    /** What filling in a field may change: its value, selected indices, default value, appearance. */
    private static final Set<COSName> FILL_KEYS = Set.of(COSName.V, COSName.I, COSName.DV, COSName.AP, COSName.AS);
    /** What signing an empty signature field may change besides its value and appearance. */
    private static final Set<COSName> SIGNING_KEYS = Set.of(COSName.V, COSName.AP, COSName.AS, COSName.F);

    private static final COSName EXTENSIONS = COSName.getPDFName("Extensions");
    private static final COSName PERMS = COSName.PERMS;
    private static final COSName NEED_APPEARANCES = COSName.NEED_APPEARANCES;
    private static final COSName SIG_FLAGS = COSName.SIG_FLAGS;

    /** Annotation entries whose change alters no page: comment text, dates, names, links between comments. */
    private static final Set<COSName> NOT_SHOWN = Set.of(
            COSName.CONTENTS,
            COSName.M,
            COSName.getPDFName("NM"),
            COSName.T,
            COSName.getPDFName("Popup"),
            COSName.getPDFName("IRT"),
            COSName.getPDFName("RT"),
            COSName.getPDFName("Subj"),
            COSName.getPDFName("CreationDate"),
            COSName.P,
            COSName.STRUCT_PARENT,
            COSName.getPDFName("State"),
            COSName.getPDFName("StateModel"),
            COSName.getPDFName("Open"));

    private static final COSName FREE_TEXT = COSName.getPDFName("FreeText");

    private final Snapshot signed;
    private final Snapshot last;
    private SignedSurface surfaceOrNull;
    private ChangeKind worst = ChangeKind.NONE;
    private final Set<String> details = new LinkedHashSet<>();

    private ChangeClassifier(Snapshot signed, Snapshot last) {
        this.signed = signed;
        this.last = last;
    }

    /** The worst change and one sentence per finding. */
    record Result(ChangeKind kind, List<String> details) {}

    static Result classify(Snapshot signed, Snapshot last) {
        ChangeClassifier c = new ChangeClassifier(signed, last);
        c.run();
        c.docMdp();
        return new Result(c.worst, List.copyOf(c.details));
    }

    private void note(ChangeKind kind, String detail) {
        if (kind.compareTo(worst) > 0) {
            worst = kind;
        }
        details.add(detail);
    }

    /** A certification signature in the signed revision narrows what may follow (ISO 32000-1 §12.8.2.2). */
    private void docMdp() {
        int p = signed.docMdpPermission;
        if (p == 1 && worst.compareTo(ChangeKind.LTA_UPDATES) > 0) {
            note(ChangeKind.OTHER, "The document is certified with no changes allowed (DocMDP P=1).");
        } else if (p == 2 && worst == ChangeKind.ANNOTATIONS) {
            note(
                    ChangeKind.OTHER,
                    "The document is certified to allow form filling only, not annotations (DocMDP P=2).");
        }
    }

    private void run() {
        if (signed.rootKeyOrNull == null || !signed.rootKeyOrNull.equals(last.rootKeyOrNull)) {
            note(ChangeKind.OTHER, "The document catalog was replaced by another object.");
        }
        COSDictionary oldTrailer = signed.cos.getTrailer();
        COSDictionary newTrailer = last.cos.getTrailer();
        if (oldTrailer != null
                && newTrailer != null
                && !Snapshot.same(oldTrailer.getItem(COSName.ENCRYPT), newTrailer.getItem(COSName.ENCRYPT), 0)) {
            note(ChangeKind.OTHER, "The encryption dictionary was changed.");
        }
        Set<COSObjectKey> keys = new TreeSet<>();
        keys.addAll(signed.xref.keySet());
        keys.addAll(last.xref.keySet());
        for (COSObjectKey key : keys) {
            if (sameLocation(key)) {
                continue;
            }
            COSBase before = signed.xref.containsKey(key) ? signed.resolve(key) : null;
            COSBase after = last.xref.containsKey(key) ? last.resolve(key) : null;
            if (Snapshot.same(before, after, 0)) {
                continue;
            }
            boolean structuralBefore = before == null || Snapshot.isStructural(before);
            boolean structuralAfter = after == null || Snapshot.isStructural(after);
            if (structuralBefore && structuralAfter) {
                if (before == null && after == null) {
                    continue;
                }
                if (before == null || after == null || Snapshot.isStructural(before) && Snapshot.isStructural(after)) {
                    if (before == null) {
                        added(key);
                    }
                    continue;
                }
            }
            if (before == null || Snapshot.isStructural(before)) {
                added(key);
            } else if (after == null) {
                if (!last.referrersOf(key).isEmpty()) {
                    note(ChangeKind.OTHER, "Object " + key + " of the signed revision was deleted while still in use.");
                }
            } else {
                changed(key, before, after);
            }
        }
    }

    /**
     * Whether both revisions read this object from the same place of the bytes they share, so that it
     * cannot differ without parsing it: the same offset in the signed prefix, or the same object
     * stream read from the same offset. (An indirect /Length redefined later is itself a changed object.)
     */
    private boolean sameLocation(COSObjectKey key) {
        Long before = signed.xref.get(key);
        Long after = last.xref.get(key);
        if (before == null || !before.equals(after)) {
            return false;
        }
        if (before > 0) {
            return true;
        }
        if (before < 0) {
            Long streamBefore = signed.xref.get(new COSObjectKey(-before, 0));
            Long streamAfter = last.xref.get(new COSObjectKey(-before, 0));
            return streamBefore != null && streamBefore > 0 && streamBefore.equals(streamAfter);
        }
        return false;
    }

    /** A key with no object in the signed revision. */
    private void added(COSObjectKey key) {
        // a key only the trailer named (an unknown trailer entry) renders nothing
        if (signed.referrersOf(key).stream().anyMatch(r -> r != null)) {
            note(
                    ChangeKind.OTHER,
                    "Object " + key + " was referred to by the signed revision but only defined after signing.");
            return;
        }
        Integer oldGeneration = signed.generations().get(key.getNumber());
        if (oldGeneration != null && oldGeneration != key.getGeneration()) {
            note(ChangeKind.OTHER, "Object number " + key.getNumber() + " was redefined with a new generation.");
        }
    }

    private void changed(COSObjectKey key, COSBase before, COSBase after) {
        if (before.getClass() != after.getClass()) {
            note(ChangeKind.OTHER, "Object " + key + " was replaced by an object of another type.");
            return;
        }
        if (key.equals(signed.rootKeyOrNull)) {
            catalog((COSDictionary) before, (COSDictionary) after);
        } else if (signed.signatureKeys.containsValue(key)) {
            note(
                    ChangeKind.OTHER,
                    "The signature dictionary " + key + " was rewritten after signing ("
                            + names(Snapshot.changedKeys((COSDictionary) before, (COSDictionary) after)) + ").");
        } else if (key.equals(signed.acroFormKeyOrNull)) {
            acroForm((COSDictionary) before, (COSDictionary) after);
        } else if (key.equals(signed.fieldsArrayKeyOrNull)) {
            fields(before, after);
        } else if (signed.fieldNames.containsKey(key) || signed.widgetField.containsKey(key)) {
            fieldOrWidget(key, (COSDictionary) before, (COSDictionary) after);
        } else if (signed.pageTreeNodes.contains(key)) {
            note(ChangeKind.OTHER, "The page tree was changed: pages were added, removed or moved.");
        } else if (signed.pages.containsKey(key)) {
            page(key, (COSDictionary) before, (COSDictionary) after);
        } else if (signed.annotsArrays.containsKey(key)) {
            annots(signed.annotsArrays.get(key), before, after);
        } else if (signed.annotations.containsKey(key)) {
            annotation(key, (COSDictionary) before, (COSDictionary) after);
        } else if (signed.dssObjects.contains(key)) {
            note(ChangeKind.LTA_UPDATES, "Validation data (/DSS) was updated.");
        } else if (key.equals(signed.infoKeyOrNull)) {
            note(ChangeKind.LTA_UPDATES, "The document information dictionary was updated.");
        } else if (key.equals(signed.metadataKeyOrNull)) {
            note(ChangeKind.LTA_UPDATES, "The XMP metadata was updated.");
        } else if (signed.defaultResources.contains(key)
                && !(after instanceof COSStream)
                && onlyAdditions((COSDictionary) before, (COSDictionary) after)) {
            // a name added to a resource dictionary changes nothing that was drawn with the old names
            note(ChangeKind.FORM_FILLING, "Resources were added to the form's default resources.");
        } else if (signed.pageContents.containsKey(key)) {
            note(ChangeKind.OTHER, "The content of page " + signed.pageContents.get(key) + " was changed.");
        } else {
            appearanceOrOther(key, after);
        }
    }

    private static boolean onlyAdditions(COSDictionary before, COSDictionary after) {
        for (COSName k : Snapshot.changedKeys(before, after)) {
            if (before.containsKey(k)) {
                return false;
            }
        }
        return true;
    }

    private void catalog(COSDictionary before, COSDictionary after) {
        for (COSName k : Snapshot.changedKeys(before, after)) {
            if (COSName.ACRO_FORM.equals(k)) {
                COSBase oldForm = Snapshot.deref(before.getItem(k));
                COSBase newForm = Snapshot.deref(after.getItem(k));
                if (newForm instanceof COSDictionary nf) {
                    acroForm(oldForm instanceof COSDictionary of ? of : new COSDictionary(), nf);
                } else {
                    note(ChangeKind.OTHER, "The interactive form was removed.");
                }
            } else if (Snapshot.DSS.equals(k) || EXTENSIONS.equals(k)) {
                note(ChangeKind.LTA_UPDATES, "Validation data (/DSS) was added or updated.");
            } else if (COSName.METADATA.equals(k) && after.getDictionaryObject(k) instanceof COSStream) {
                note(ChangeKind.LTA_UPDATES, "The XMP metadata was replaced.");
            } else if (COSName.NAMES.equals(k)) {
                names(Snapshot.deref(before.getItem(k)), Snapshot.deref(after.getItem(k)));
            } else if (PERMS.equals(k)) {
                note(ChangeKind.FORM_FILLING, "The document permissions (/Perms) were changed.");
            } else {
                note(ChangeKind.OTHER, "The document catalog's /" + k.getName() + " was changed.");
            }
        }
    }

    /** The name dictionary: only the named appearances of stamps (/AP) may change, as an annotation tool does. */
    private void names(COSBase before, COSBase after) {
        COSDictionary oldNames = before instanceof COSDictionary d ? d : new COSDictionary();
        COSDictionary newNames = after instanceof COSDictionary d ? d : new COSDictionary();
        for (COSName k : Snapshot.changedKeys(oldNames, newNames)) {
            if (COSName.AP.equals(k)) {
                note(ChangeKind.ANNOTATIONS, "Named annotation appearances were added.");
            } else {
                note(ChangeKind.OTHER, "The document's /" + k.getName() + " name tree was changed.");
            }
        }
    }

    private void acroForm(COSDictionary before, COSDictionary after) {
        for (COSName k : Snapshot.changedKeys(before, after)) {
            if (COSName.FIELDS.equals(k)) {
                fields(Snapshot.deref(before.getItem(k)), Snapshot.deref(after.getItem(k)));
            } else if (SIG_FLAGS.equals(k) || NEED_APPEARANCES.equals(k)) {
                // flags for viewers: the fields they concern are judged on their own
                continue;
            } else if (COSName.DR.equals(k) || COSName.DA.equals(k)) {
                // defaults for appearances generated from now on; existing appearances are their own streams
                note(ChangeKind.FORM_FILLING, "The form's default resources or appearance were updated.");
            } else {
                note(ChangeKind.OTHER, "The interactive form's /" + k.getName() + " was changed.");
            }
        }
    }

    /** The top-level field list: signed fields stay, new entries must be new signature fields. */
    private void fields(COSBase before, COSBase after) {
        List<COSObjectKey> oldFields = refs(before);
        List<COSObjectKey> newFields = refs(after);
        if (!(after instanceof COSArray)) {
            note(ChangeKind.OTHER, "The list of form fields was removed.");
            return;
        }
        for (COSObjectKey k : oldFields) {
            if (!newFields.contains(k)) {
                note(ChangeKind.OTHER, "The form field " + nameOf(k) + " was removed.");
            }
        }
        for (COSObjectKey k : newFields) {
            if (!oldFields.contains(k)) {
                newField(k);
            }
        }
    }

    private void newField(COSObjectKey k) {
        if (signed.xref.containsKey(k) && !Snapshot.isStructural(signed.resolve(k))) {
            note(ChangeKind.OTHER, "An object of the signed revision (" + k + ") was turned into a form field.");
            return;
        }
        COSBase b = last.resolve(k);
        if (!(b instanceof COSDictionary field) || !COSName.SIG.equals(field.getCOSName(COSName.FT))) {
            note(ChangeKind.OTHER, "A form field that is not a signature field was added.");
            return;
        }
        if (field.getDictionaryObject(COSName.V) instanceof COSDictionary sig && Snapshot.isDocumentTimestamp(sig)) {
            note(ChangeKind.LTA_UPDATES, "A document timestamp was added.");
        } else if (field.getDictionaryObject(COSName.V) instanceof COSDictionary) {
            note(ChangeKind.FORM_FILLING, "A new signature was added.");
        } else {
            note(ChangeKind.FORM_FILLING, "An empty signature field was added.");
        }
    }

    private void fieldOrWidget(COSObjectKey key, COSDictionary before, COSDictionary after) {
        COSObjectKey field = signed.fieldNames.containsKey(key) ? key : signed.widgetField.get(key);
        String name = nameOf(field);
        Set<COSName> changed = Snapshot.changedKeys(before, after);
        if (field != null && signed.signedFields.contains(field)) {
            note(ChangeKind.OTHER, "The signed signature field " + name + " was changed (" + names(changed) + ").");
            return;
        }
        boolean isSig = field != null && signed.signatureFields.contains(field);
        String locker = field == null ? null : signed.lockingSignatureOrNull(signed.fieldNames.get(field));
        if (locker != null) {
            note(
                    ChangeKind.OTHER,
                    "The form field " + name + " was changed although the signature \"" + locker + "\" locks it.");
            return;
        }
        if (!isSig && signed.readOnlyFields.contains(field)) {
            note(ChangeKind.OTHER, "The read-only form field " + name + " was changed.");
            return;
        }
        Set<COSName> unexplained = new TreeSet<>(changed);
        unexplained.removeAll(isSig ? SIGNING_KEYS : FILL_KEYS);
        if (!unexplained.isEmpty()) {
            note(
                    ChangeKind.OTHER,
                    "The form field " + name + " was changed beyond its value (" + names(unexplained) + ").");
            return;
        }
        if (changed.contains(COSName.AP) || changed.contains(COSName.AS)) {
            if (!isSig && !valueChanged(field)) {
                note(
                        ChangeKind.OTHER,
                        "The appearance of the form field " + name + " changed while its value did not.");
                return;
            }
            if (changed.contains(COSName.AP) && !privateAppearance(key, before.getItem(COSName.AP))) {
                note(
                        ChangeKind.OTHER,
                        "The form field " + name
                                + " was given a new appearance in place of one shared with other signed content.");
                return;
            }
        }
        if (isSig && after.getDictionaryObject(COSName.V) instanceof COSDictionary sig) {
            if (Snapshot.isDocumentTimestamp(sig)) {
                note(ChangeKind.LTA_UPDATES, "The empty signature field " + name + " received a document timestamp.");
            } else {
                note(ChangeKind.FORM_FILLING, "The empty signature field " + name + " was signed.");
            }
        } else if (isSig && changed.contains(COSName.V)) {
            note(ChangeKind.OTHER, "The signature field " + name + " was given a value that is not a signature.");
        } else {
            note(ChangeKind.FORM_FILLING, "The form field " + name + " was filled in.");
        }
    }

    /** Whether the field's value (its own /V) differs between the signed revision and the document. */
    private boolean valueChanged(COSObjectKey field) {
        if (field == null) {
            return false;
        }
        COSBase before = signed.resolve(field);
        COSBase after = last.resolve(field);
        if (!(before instanceof COSDictionary b) || !(after instanceof COSDictionary a)) {
            return true;
        }
        return !Snapshot.same(Snapshot.deref(b.getItem(COSName.V)), Snapshot.deref(a.getItem(COSName.V)), 0)
                || !Snapshot.same(b.getItem(COSName.I), a.getItem(COSName.I), 0);
    }

    /** Whether every indirect object of a replaced /AP belonged to this widget alone in the signed revision. */
    private boolean privateAppearance(COSObjectKey widget, COSBase oldAp) {
        Set<COSObjectKey> parts = new HashSet<>();
        COSObjectKey apKey = Snapshot.keyOf(oldAp);
        if (apKey != null) {
            parts.add(apKey);
        }
        COSBase ap = Snapshot.deref(oldAp);
        if (ap instanceof COSDictionary apDict && !(ap instanceof COSStream)) {
            for (COSBase entry : apDict.getValues()) {
                if (Snapshot.keyOf(entry) != null) {
                    parts.add(Snapshot.keyOf(entry));
                }
                if (Snapshot.deref(entry) instanceof COSDictionary states && !(states instanceof COSStream)) {
                    parts.addAll(Snapshot.collectRefsOf(states));
                }
            }
        }
        for (COSObjectKey part : parts) {
            if (!widget.equals(privateAppearanceOwner(part, new HashSet<>(), 0))) {
                return false;
            }
        }
        return true;
    }

    private void page(COSObjectKey key, COSDictionary before, COSDictionary after) {
        int number = signed.pages.get(key);
        for (COSName k : Snapshot.changedKeys(before, after)) {
            if (COSName.ANNOTS.equals(k)) {
                annots(number, Snapshot.deref(before.getItem(k)), Snapshot.deref(after.getItem(k)));
            } else if (COSName.CONTENTS.equals(k)) {
                note(ChangeKind.OTHER, "The content of page " + number + " was replaced.");
            } else if (COSName.RESOURCES.equals(k)) {
                note(ChangeKind.OTHER, "The resources of page " + number + " were changed.");
            } else {
                note(ChangeKind.OTHER, "Page " + number + "'s /" + k.getName() + " was changed.");
            }
        }
    }

    /** A changed annotation of the signed revision that is no form field's widget. */
    private void annotation(COSObjectKey key, COSDictionary before, COSDictionary after) {
        int page = signed.annotations.get(key);
        Set<COSName> shown = new TreeSet<>(Snapshot.changedKeys(before, after));
        shown.removeAll(NOT_SHOWN);
        if (FREE_TEXT.equals(after.getCOSName(COSName.SUBTYPE))
                && Snapshot.changedKeys(before, after).contains(COSName.CONTENTS)) {
            shown.add(COSName.CONTENTS); // a free-text annotation shows its /Contents
        }
        if (shown.isEmpty()) {
            note(ChangeKind.ANNOTATIONS, "An annotation on page " + page + " was changed.");
            return;
        }
        visibleChange(
                page,
                key,
                before,
                after,
                "An annotation on page " + page + " that shows over signed content was changed (" + names(shown) + ").",
                "An annotation on page " + page + " was changed.");
    }

    /**
     * An annotation change that may alter what a page shows: OTHER when the annotation shows, before
     * or after, over text, images or another annotation of the signed revision; ANNOTATIONS otherwise.
     */
    private void visibleChange(
            int page,
            COSObjectKey keyOrNull,
            COSDictionary beforeOrNull,
            COSDictionary afterOrNull,
            String overSignedContent,
            String elsewhere) {
        SignedSurface.Box box = null;
        for (COSDictionary state : new COSDictionary[] {beforeOrNull, afterOrNull}) {
            if (state != null && SignedSurface.shows(state)) {
                SignedSurface.Box b = SignedSurface.Box.of(state.getItem(COSName.RECT));
                box = box == null ? b : box.union(b);
            }
        }
        if (box != null && surface().overSignedContent(page, box, keyOrNull)) {
            note(ChangeKind.OTHER, overSignedContent);
        } else {
            note(ChangeKind.ANNOTATIONS, elsewhere);
        }
    }

    private SignedSurface surface() {
        if (surfaceOrNull == null) {
            surfaceOrNull = new SignedSurface(signed);
        }
        return surfaceOrNull;
    }

    /** A page's annotation list: widgets may only be added for new signature fields. */
    private void annots(int page, COSBase before, COSBase after) {
        List<COSObjectKey> oldList = refs(before);
        List<COSObjectKey> newList = refs(after);
        directAnnotations(page, before, after);
        for (COSObjectKey k : oldList) {
            if (!newList.contains(k)) {
                COSBase a = signed.resolve(k);
                if (signed.widgetField.containsKey(k)
                        || a instanceof COSDictionary d && COSName.WIDGET.equals(d.getCOSName(COSName.SUBTYPE))) {
                    note(ChangeKind.OTHER, "A form field's widget was removed from page " + page + ".");
                } else {
                    visibleChange(
                            page,
                            k,
                            a instanceof COSDictionary d ? d : null,
                            null,
                            "An annotation that showed over signed content was removed from page " + page + ".",
                            "An annotation was removed from page " + page + ".");
                }
            }
        }
        for (COSObjectKey k : newList) {
            if (oldList.contains(k)) {
                continue;
            }
            if (signed.xref.containsKey(k) && !Snapshot.isStructural(signed.resolve(k))) {
                if (signed.widgetField.containsKey(k) || signed.annotations.containsKey(k)) {
                    note(ChangeKind.OTHER, "An annotation of the signed revision was moved to page " + page + ".");
                } else {
                    note(
                            ChangeKind.OTHER,
                            "An object of the signed revision (" + k + ") was placed as an annotation on page " + page
                                    + ".");
                }
                continue;
            }
            COSBase b = last.resolve(k);
            if (!(b instanceof COSDictionary annot)) {
                note(ChangeKind.OTHER, "Something that is not an annotation was added to page " + page + ".");
            } else if (COSName.WIDGET.equals(annot.getCOSName(COSName.SUBTYPE))) {
                newWidget(page, annot);
            } else {
                String subtype = annot.getCOSName(COSName.SUBTYPE) == null
                        ? "An annotation"
                        : "A /" + annot.getCOSName(COSName.SUBTYPE).getName() + " annotation";
                visibleChange(
                        page,
                        null,
                        null,
                        annot,
                        subtype + " added on page " + page + " shows over signed content.",
                        subtype + " was added on page " + page + ".");
            }
        }
    }

    /** Annotation dictionaries written directly in /Annots: judged as added or removed, by value. */
    private void directAnnotations(int page, COSBase before, COSBase after) {
        List<COSDictionary> oldDirect = directEntries(before);
        List<COSDictionary> newDirect = directEntries(after);
        String elsewhere = "The annotations of page " + page + " were changed.";
        for (COSDictionary added : missingFrom(newDirect, oldDirect)) {
            visibleChange(
                    page,
                    null,
                    null,
                    added,
                    "An annotation added on page " + page + " shows over signed content.",
                    elsewhere);
        }
        for (COSDictionary removed : missingFrom(oldDirect, newDirect)) {
            visibleChange(
                    page,
                    null,
                    removed,
                    null,
                    "An annotation that showed over signed content was removed from page " + page + ".",
                    elsewhere);
        }
    }

    private void newWidget(int page, COSDictionary widget) {
        COSDictionary field = widget;
        if (!widget.containsKey(COSName.FT) && widget.getDictionaryObject(COSName.PARENT) instanceof COSDictionary p) {
            field = p;
        }
        COSObjectKey fieldKey = Snapshot.keyOf(widget.getItem(COSName.PARENT));
        boolean oldField = fieldKey != null && signed.fieldNames.containsKey(fieldKey);
        if (oldField || !COSName.SIG.equals(field.getCOSName(COSName.FT))) {
            note(
                    ChangeKind.OTHER,
                    "A widget of a form field that is not a new signature field was added on page " + page + ".");
        } else if (field.getDictionaryObject(COSName.V) instanceof COSDictionary sig
                && Snapshot.isDocumentTimestamp(sig)) {
            note(ChangeKind.LTA_UPDATES, "A document timestamp's field was placed on page " + page + ".");
        } else {
            note(ChangeKind.FORM_FILLING, "A new signature field was placed on page " + page + ".");
        }
    }

    /** The dictionaries of {@code these} that {@code others} does not hold an equal of. */
    private static List<COSDictionary> missingFrom(List<COSDictionary> these, List<COSDictionary> others) {
        return these.stream()
                .filter(d -> others.stream().noneMatch(o -> Snapshot.same(o, d, 0)))
                .toList();
    }

    /**
     * A changed object with no role of its own: allowed only as an appearance (stream or /AP
     * dictionary) that, in the signed revision, belonged to exactly one widget or annotation that
     * may change, through nothing but its /AP.
     */
    private void appearanceOrOther(COSObjectKey key, COSBase after) {
        COSObjectKey owner = privateAppearanceOwner(key, new HashSet<>(), 0);
        if (owner == null) {
            note(ChangeKind.OTHER, describe(key, after) + " was rewritten although signed content uses it.");
            return;
        }
        if (signed.annotations.containsKey(owner) && !signed.widgetField.containsKey(owner)) {
            int page = signed.annotations.get(owner);
            visibleChange(
                    page,
                    owner,
                    signed.resolve(owner) instanceof COSDictionary b ? b : null,
                    last.resolve(owner) instanceof COSDictionary a ? a : null,
                    "The appearance of an annotation that shows over signed content on page " + page
                            + " was rewritten.",
                    "The appearance of an annotation on page " + page + " was rewritten.");
            return;
        }
        COSObjectKey field = signed.fieldNames.containsKey(owner) ? owner : signed.widgetField.get(owner);
        if (field != null && signed.signedFields.contains(field)) {
            note(ChangeKind.OTHER, "The appearance of the signed signature field " + nameOf(field) + " was rewritten.");
        } else if (!valueChanged(field)) {
            note(
                    ChangeKind.OTHER,
                    "The appearance of the form field " + nameOf(field) + " was rewritten while its value did not"
                            + " change.");
        } else {
            note(ChangeKind.FORM_FILLING, "The appearance of the form field " + nameOf(field) + " was rewritten.");
        }
    }

    /** The one widget or annotation that alone used this object for its /AP in the signed revision, or null. */
    private COSObjectKey privateAppearanceOwner(COSObjectKey key, Set<COSObjectKey> seen, int depth) {
        if (depth > 8 || !seen.add(key)) {
            return null;
        }
        List<COSObjectKey> users = signed.referrersOf(key);
        if (users.size() != 1 || users.get(0) == null) {
            return null;
        }
        COSObjectKey user = users.get(0);
        if (signed.widgetField.containsKey(user) || signed.annotations.containsKey(user)) {
            COSBase owner = signed.resolve(user);
            if (!(owner instanceof COSDictionary d)) {
                return null;
            }
            // the reference must sit under /AP and nowhere else in the owner
            for (COSName k : d.keySet()) {
                Set<COSObjectKey> refs = new HashSet<>();
                Snapshot.collectRefs(d.getItem(k), refs, 0);
                if (refs.contains(key) && !COSName.AP.equals(k)) {
                    return null;
                }
            }
            return Snapshot.collectRefsOf(d.getItem(COSName.AP)).contains(key) ? user : null;
        }
        if (signed.fieldNames.containsKey(user)
                || signed.pages.containsKey(user)
                || user.equals(signed.rootKeyOrNull)
                || signed.signatureKeys.containsValue(user)) {
            return null;
        }
        COSBase via = signed.resolve(user);
        // an indirect /AP dictionary, a state dictionary or a form XObject nested in an appearance
        if (via instanceof COSDictionary) {
            return privateAppearanceOwner(user, seen, depth + 1);
        }
        return null;
    }

    private String describe(COSObjectKey key, COSBase b) {
        if (b instanceof COSDictionary d) {
            COSName type = d.getCOSName(COSName.TYPE);
            COSName subtype = d.getCOSName(COSName.SUBTYPE);
            String kind = b instanceof COSStream ? "stream" : "object";
            if (type != null || subtype != null) {
                String what = (type != null ? "/" + type.getName() : "")
                        + (type != null && subtype != null ? " " : "")
                        + (subtype != null ? "/" + subtype.getName() : "");
                return "The " + kind + " " + key + " (" + what + ")";
            }
            return "The " + kind + " " + key;
        }
        return "The object " + key;
    }

    private String nameOf(COSObjectKey field) {
        String n = field == null ? null : signed.fieldNames.get(field);
        return n == null || n.isEmpty() ? "(unnamed)" : "\"" + n + "\"";
    }

    private static List<COSObjectKey> refs(COSBase array) {
        List<COSObjectKey> out = new ArrayList<>();
        if (array instanceof COSArray a) {
            for (int i = 0; i < a.size(); i++) {
                COSObjectKey k = Snapshot.keyOf(a.get(i));
                if (k != null) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    private static List<COSDictionary> directEntries(COSBase array) {
        List<COSDictionary> out = new ArrayList<>();
        if (array instanceof COSArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (Snapshot.keyOf(a.get(i)) == null && a.get(i) instanceof COSDictionary d) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private static String names(Set<COSName> keys) {
        StringBuilder sb = new StringBuilder();
        for (COSName k : new TreeSet<>(keys)) {
            sb.append(sb.length() == 0 ? "" : ", ").append('/').append(k.getName());
        }
        return sb.toString();
    }
}
