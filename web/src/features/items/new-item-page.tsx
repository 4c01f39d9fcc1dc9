// /items/new: submit an item to a workflow. Content is text or a file uploaded first; the
// picture of the chosen workflow shows where the item will go.
import { useCallback, useState } from 'react';
import { createItem } from '../../api/items.ts';
import { describeError } from '../../api/problem.ts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys, workflowQuery, workflowsQuery } from '../../api/queries.ts';
import type { Upload } from '../../api/workflow-types.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { useSubmit } from '../../ui/use-submit.ts';
import { WorkflowDiagram } from '../workflows/workflow-diagram.tsx';
import { UploadField } from './upload-field.tsx';

export function NewItemPage() {
  const { search } = useLocation();
  const workflows = useQuery(workflowsQuery);
  const [workflowId, setWorkflowId] = useState(() => new URLSearchParams(search).get('workflow') ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'text' | 'file'>('text');
  const [text, setText] = useState('');
  const [upload, setUpload] = useState<Upload>();
  const [uploading, setUploading] = useState(false);
  // Another workflow keeps the picture shown until its own arrives.
  const workflow = useQuery({ ...workflowQuery(workflowId), enabled: !!workflowId, placeholderData: keepPreviousData });
  const queryClient = useQueryClient();

  const validate = useCallback(() => {
    const e: Record<string, string> = {};
    if (!workflowId) e['workflowId'] = 'Choose a workflow.';
    if (!title.trim()) e['title'] = 'Give the item a title.';
    if (kind === 'text' && !text.trim()) e['content'] = 'Write the content, or choose a file instead.';
    if (kind === 'file' && !upload) e['uploadId'] = uploading ? 'Wait for the upload to finish.' : 'Choose a file.';
    return e;
  }, [workflowId, title, kind, text, upload, uploading]);

  const save = useCallback(async () => {
    const created = await createItem({
      workflowId,
      title: title.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(kind === 'text' ? { content: text } : { uploadId: upload!.uploadId }),
    });
    // A new item is in the lists, and maybe a task (the submitter can review a step).
    void queryClient.invalidateQueries({ queryKey: queryKeys.items });
    void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
    navigate(`/items/${encodeURIComponent(created.id)}`);
  }, [workflowId, title, description, kind, text, upload, queryClient]);
  const submit = useSubmit(save, validate, { workflowId, title, description, content: text, uploadId: upload?.uploadId });
  const fe = submit.fieldErrors;

  return (
    <div className="page page-narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/items">Items</Link>
      </nav>
      <PageHeader title="New item" description="Send a document or a request through a workflow. Reviewers see it in their tasks at once." />
      {workflows.error ? (
        <Alert tone="error" title="Workflows could not be loaded">
          {describeError(workflows.error)}
        </Alert>
      ) : null}
      {submit.error ? (
        <Alert tone="error" title="The item was not submitted">
          {describeError(submit.error)}
        </Alert>
      ) : null}
      {workflows.isPending ? (
        <Loading label="Loading workflows…" />
      ) : workflows.data && !workflows.data.length ? (
        <Alert tone="warning" title="There is no workflow yet">
          A workflow owner or an administrator creates one first.
        </Alert>
      ) : (
        <form className="panel settings-section form" onSubmit={submit.onSubmit} noValidate>
          <SelectField
            label="Workflow"
            value={workflowId}
            onChange={setWorkflowId}
            error={fe['workflowId']}
            options={[
              { value: '', label: 'Choose a workflow' },
              ...(workflows.data ?? []).map((w) => ({ value: w.id, label: `${w.name} (version ${w.version})` })),
            ]}
          />
          {workflowId && workflow.data ? (
            <div className="flow-panel flow-panel-inset">
              <WorkflowDiagram steps={workflow.data.steps} label={`Steps of ${workflow.data.name}`} />
            </div>
          ) : null}
          <TextField label="Title" value={title} onChange={setTitle} error={fe['title']} maxLength={200} />
          <TextArea label="Description" optional value={description} onChange={setDescription} error={fe['description']} rows={3} maxLength={10_000} />
          <RadioGroup<'text' | 'file'>
            legend="Content"
            name="content-kind"
            value={kind}
            onChange={(k) => {
              setKind(k);
              setUpload(undefined);
            }}
            options={[
              { value: 'text', label: 'Write text', hint: 'Type or paste the content here.' },
              { value: 'file', label: 'Upload a file', hint: 'A PDF, a drawing, a spreadsheet: any file.' },
            ]}
          />
          {kind === 'text' ? (
            <TextArea label="Text" value={text} onChange={setText} error={fe['content']} rows={10} className="content-input" />
          ) : (
            <UploadField onUploaded={setUpload} onBusy={setUploading} error={fe['uploadId']} />
          )}
          <div className="form-actions">
            <Link to="/items" className="btn btn-secondary">
              Cancel
            </Link>
            <Button type="submit" variant="primary" busy={submit.busy} disabled={uploading}>
              Submit for review
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
