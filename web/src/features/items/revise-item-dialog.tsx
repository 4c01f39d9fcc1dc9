// "Upload a new version": the submitter (or an admin) answers a review with new content, as
// text (the current text to edit, when it is text) or a file, and a note saying what changed
// (required). Review starts again; earlier approvals stay in the history and no longer count.
import { useState } from 'react';
import { reviseItem } from '../../api/items.ts';
import { describeError } from '../../api/problem.ts';
import type { ItemView, Upload } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { useFieldErrors } from '../../ui/use-field-errors.ts';
import { UploadField } from './upload-field.tsx';

type Props = { item: ItemView; open: boolean; onClose: () => void; onRevised: (item: ItemView) => void };

export function ReviseItemDialog({ item, open, onClose, onRevised }: Props) {
  const [kind, setKind] = useState<'text' | 'file'>(item.content.type);
  const [text, setText] = useState(item.content.type === 'text' ? item.content.text : '');
  const [upload, setUpload] = useState<Upload>();
  const [uploading, setUploading] = useState(false);
  const [note, setNote] = useState('');
  const fields = useFieldErrors({ content: text, uploadId: upload?.uploadId, note });
  const errors = fields.errors;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const send = async () => {
    const fe: Record<string, string> = {};
    if (kind === 'text' && !text.trim()) fe['content'] = 'Write the new text, or choose a file instead.';
    if (kind === 'file' && !upload) fe['uploadId'] = uploading ? 'Wait for the upload to finish.' : 'Choose a file.';
    if (!note.trim()) fe['note'] = 'Say what changed in this version.';
    fields.show(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(undefined);
    try {
      onRevised(await reviseItem(item.id, { ...(kind === 'text' ? { content: text } : { uploadId: upload!.uploadId }), note: note.trim() }));
      setNote('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="Upload a new version"
      description={`Revision ${(item.revision ?? 1) + 1} of “${item.title}”. Review starts again and the reviewers are asked again; decisions on earlier versions stay in the history but no longer count.`}
    >
      {error ? (
        <Alert tone="error" title="The new version was not saved">
          {describeError(error)}
        </Alert>
      ) : null}
      <div className="form">
        <RadioGroup<'text' | 'file'>
          legend="Content"
          name="revision-kind"
          value={kind}
          onChange={(k) => {
            setKind(k);
            setUpload(undefined);
          }}
          options={[
            { value: 'text', label: 'Write text', hint: 'Edit the text or paste the new one.' },
            { value: 'file', label: 'Upload a file', hint: 'A PDF, a drawing, a spreadsheet: any file.' },
          ]}
        />
        {kind === 'text' ? (
          <TextArea label="Text" value={text} onChange={setText} error={errors['content']} rows={10} className="content-input" />
        ) : (
          <UploadField onUploaded={setUpload} onBusy={setUploading} error={errors['uploadId']} />
        )}
        <TextArea
          label="What changed"
          required
          value={note}
          onChange={setNote}
          error={errors['note']}
          rows={3}
          maxLength={2000}
          hint="Shown with this version and in the history, the audit trail and the evidence."
        />
        <div className="form-actions">
          <Button onClick={onClose}>Keep the current version</Button>
          <Button variant="primary" busy={busy} disabled={uploading} onClick={() => void send()}>
            Upload new version
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
