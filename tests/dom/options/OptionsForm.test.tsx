// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionsForm, type OptionsFormProps } from '@/components/options/OptionsForm';
import { DEFAULT_SETTINGS, type Settings } from '@/core/settings';
import { exportSettings, importSettings } from '@/core/settings-io';
import { siteFromInput } from '@/core/site';
import { OptionsApp } from '@/entrypoints/options/App';
import type { OptionsDeps } from '@/options/use-options';
import { axeViolations } from '@/tests/dom/axe';
import { fixtureKnowledge, fixtureNameOf } from '@/tests/fixtures/views/knowledge';

afterEach(cleanup);

const base: Settings = {
  ...structuredClone(DEFAULT_SETTINGS),
  disabledSites: ['bbc.co.uk', 'dailymail.co.uk'],
  knownEntities: ['putin'],
} as Settings;

function renderForm(overrides: Partial<OptionsFormProps> = {}) {
  const onChange = vi.fn();
  const onExport = vi.fn();
  const onImport = vi.fn(async (file: File) => {
    const r = importSettings(await file.text());
    return r.ok ? ({ ok: true } as const) : ({ ok: false, error: r.error } as const);
  });
  render(
    <main>
      <h1>Reader Context settings</h1>
      <OptionsForm
        settings={base}
        onChange={onChange}
        nameOf={fixtureNameOf}
        normaliseSite={siteFromInput}
        onExport={onExport}
        onImport={onImport}
        {...overrides}
      />
    </main>,
  );
  return { onChange, onExport, onImport };
}

function chooseFile(input: HTMLElement, text: string | File) {
  const file =
    typeof text === 'string' ? new File([text], 'settings.json', { type: 'application/json' }) : text;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('OptionsForm', () => {
  it('lists switched-off sites and removes one', () => {
    const { onChange } = renderForm();
    const list = screen.getByRole('list', { name: 'Sites switched off' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual(['bbc.co.uk', 'dailymail.co.uk']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove bbc.co.uk' }));
    expect(onChange).toHaveBeenCalledWith({ disabledSites: ['dailymail.co.uk'] });
  });

  it('adds a site as its registrable domain, and refuses junk and duplicates', () => {
    const { onChange } = renderForm();
    const input = screen.getByRole('textbox', { name: 'Switch off a site' });
    fireEvent.input(input, { target: { value: 'https://www.theguardian.com/world' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    expect(onChange).toHaveBeenCalledWith({
      disabledSites: ['bbc.co.uk', 'dailymail.co.uk', 'theguardian.com'],
    });
    onChange.mockClear();
    fireEvent.input(input, { target: { value: 'not a site!' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    expect(screen.getByText('“not a site!” is not a website address or domain.').getAttribute('role')).toBe(
      'alert',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(input, { target: { value: 'www.dailymail.co.uk' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    expect(screen.getByText('dailymail.co.uk is already switched off.').getAttribute('role')).toBe('alert');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('lists known entities by name and highlights one again', () => {
    const { onChange } = renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Highlight Vladimir Putin again' }));
    expect(onChange).toHaveBeenCalledWith({ knownEntities: [] });
  });

  it('offers the tint first, checked by default, and says what the underline costs', () => {
    renderForm();
    const radios = screen.getAllByRole('radio').filter((r) => (r as HTMLInputElement).name.includes('style'));
    expect(radios.map((r) => (r as HTMLInputElement).value)).toEqual(['background', 'underline', 'none']);
    expect((screen.getByRole('radio', { name: 'Background tint' }) as HTMLInputElement).checked).toBe(true);
    expect(
      screen.getByRole('radio', {
        name: 'Underline',
        description: /slow down very long pages that keep changing/,
      }),
    ).toBeTruthy();
  });

  it('each control calls onChange with its patch', () => {
    const { onChange } = renderForm();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Places' }));
    expect(onChange).toHaveBeenLastCalledWith({ types: { ...base.types, place: !base.types.place } });
    fireEvent.click(screen.getByRole('radio', { name: 'Underline' }));
    expect(onChange).toHaveBeenLastCalledWith({ style: 'underline' });
    const dwell = screen.getByRole('slider', { name: 'Delay before a card opens' }) as HTMLInputElement;
    expect(dwell.min).toBe('150');
    expect(dwell.max).toBe('2000');
    fireEvent.input(dwell, { target: { value: '800' } });
    expect(dwell.getAttribute('aria-valuetext')).toBe('800 ms');
    fireEvent.change(dwell, { target: { value: '800' } });
    expect(onChange).toHaveBeenLastCalledWith({ dwellMs: 800 });
    fireEvent.change(screen.getByRole('combobox', { name: 'Key to hold for cards' }), {
      target: { value: 'Alt' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ modifierKey: 'Alt' });
    fireEvent.click(
      screen.getByRole('checkbox', {
        name: 'Highlight only the first mention of each name (the others still open their card)',
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith({ firstMentionOnly: !base.firstMentionOnly });
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Show the number of names found on the toolbar icon' }),
    );
    expect(onChange).toHaveBeenLastCalledWith({ badge: !base.badge });
  });

  it('exports on click', () => {
    const { onExport } = renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Export settings' }));
    expect(onExport).toHaveBeenCalledTimes(1);
  });

  it('shows an import error in an alert and changes nothing', async () => {
    const { onChange, onImport } = renderForm();
    chooseFile(screen.getByLabelText('Import settings from a file'), '{"app": "something-else"}');
    await waitFor(() => expect(onImport).toHaveBeenCalled());
    const alert = await screen.findByText(/^Settings not imported:/);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('This is not a Reader Context settings file');
    expect(alert.textContent).toContain('Nothing was changed.');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('reports a successful import in a status', async () => {
    renderForm();
    chooseFile(screen.getByLabelText('Import settings from a file'), exportSettings(base));
    const ok = await screen.findByText('Settings imported.');
    expect(ok.getAttribute('role')).toBe('status');
  });

  it('refuses to add a site when the list is full, saying so', () => {
    // A cap of 2 stands in for MAX_DISABLED_SITES, whose 5,000 rows happy-dom renders slowly.
    const { onChange } = renderForm({ maxSites: 2 });
    const input = screen.getByRole('textbox', { name: 'Switch off a site' });
    fireEvent.input(input, { target: { value: 'www.nytimes.com' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    const alert = screen.getByText(/The list is full: at most 2 sites.*Remove one to add nytimes\.com\./);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('has no axe violations, also with an error showing', async () => {
    renderForm();
    expect(await axeViolations(document)).toEqual([]);
    const input = screen.getByRole('textbox', { name: 'Switch off a site' });
    fireEvent.input(input, { target: { value: '???' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    expect(await axeViolations(document)).toEqual([]);
  });
});

describe('options page', () => {
  function deps(): OptionsDeps & { stored: () => Settings } {
    let settings = base;
    const watchers = new Set<(s: Settings) => void>();
    return {
      stored: () => settings,
      knowledge: fixtureKnowledge,
      getSettings: async () => settings,
      watchSettings: (cb) => {
        watchers.add(cb);
        return () => watchers.delete(cb);
      },
      updateSettings: vi.fn(async (patch: Partial<Settings>) => {
        settings = { ...settings, ...patch };
        return settings;
      }),
      exportSettings,
      importAndSaveSettings: async (json) => {
        const r = importSettings(json);
        if (r.ok) settings = r.settings;
        return r;
      },
      normaliseSite: siteFromInput,
      download: vi.fn(),
    };
  }

  it('keeps its h1, stores changes, and downloads an export that imports back', async () => {
    const d = deps();
    render(<OptionsApp {...d} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Reader Context settings');
    fireEvent.click(await screen.findByRole('radio', { name: 'Underline' }));
    await waitFor(() => expect(d.stored().style).toBe('underline'));
    fireEvent.click(screen.getByRole('button', { name: 'Export settings' }));
    const [filename, text] = (d.download as ReturnType<typeof vi.fn>).mock.calls[0] as [string, string];
    expect(filename).toBe('reader-context-settings.json');
    const back = importSettings(text);
    expect(back.ok && back.settings.style).toBe('underline');
  });

  it('refuses a file far too large before reading it', async () => {
    const d = deps();
    render(<OptionsApp {...d} />);
    const huge = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(huge, 'size', { value: 150_000_000 });
    const read = vi.spyOn(huge, 'text');
    chooseFile(await screen.findByLabelText('Import settings from a file'), huge);
    await screen.findByText(/far too large to be a Reader Context settings file/);
    expect(read).not.toHaveBeenCalled();
    expect(d.updateSettings).not.toHaveBeenCalled();
  });

  it('says how many known names an import left out', async () => {
    const d = deps();
    d.importAndSaveSettings = async (json) => {
      const r = importSettings(json, new Set(['putin']));
      return r;
    };
    render(<OptionsApp {...d} />);
    const json = exportSettings({ ...base, knownEntities: ['putin', 'gone-1', 'gone-2'] });
    chooseFile(await screen.findByLabelText('Import settings from a file'), json);
    const ok = await screen.findByText(/^Settings imported\. 2 of the names marked as known/);
    expect(ok.getAttribute('role')).toBe('status');
  });

  it('a bad import leaves the stored settings untouched', async () => {
    const d = deps();
    render(<OptionsApp {...d} />);
    const before = d.stored();
    chooseFile(await screen.findByLabelText('Import settings from a file'), 'not json');
    const alert = await screen.findByText(/not valid JSON/);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(d.stored()).toBe(before);
    expect(d.updateSettings).not.toHaveBeenCalled();
  });
});
