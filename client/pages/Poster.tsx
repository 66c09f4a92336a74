import { QrCode } from '../components/QrCode/QrCode.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './voice.css';

/**
 * A survey link as a printable A4 poster: what it is, the QR code and the address, the last day, and the promise
 * of anonymity. For the office and the council's lead (the API shows a link's token to nobody else).
 */
export function PosterPage({ id }: { id: string }) {
  usePageTitle('Survey poster');
  const state = useAppState();
  const poster = useResource(async () => {
    const link = await state.api.voice.link(Number(id));
    return { link, survey: await state.api.voice.survey(link.surveyId) };
  }, [id]);
  return (
    <Loaded resource={poster} what="the poster">
      {({ link, survey }) => {
        const address = `${location.origin}${link.path}`;
        return (
          <div class="voice-poster">
            <p class="no-print"><a href="/voice">Back to staff voice</a></p>
            {!link.open && <p class="no-print voice-poster__closed" role="status">This link is closed: print a poster of an open link.</p>}
            <span class="caption">{survey.councilName}{survey.groupName ? `, ${survey.groupName}` : ''}</span>
            <h1>Tell us how the change is going</h1>
            <p class="voice-poster__title">{survey.title}</p>
            <p class="voice-poster__lede">Six quick questions, under a minute, on your phone. No sign-in, no names.</p>
            <QrCode text={address} label={`QR code: opens the survey at ${address}`} />
            <p>Scan the code with your phone’s camera, or type the address:</p>
            <p class="voice-poster__address">{address}</p>
            <p>Open until {day(link.expiresOn)}.</p>
            <p class="voice-poster__small">We never store your name, your device or the time you answered. Figures are shown only for groups where enough people answered, and comments are read first to take out anything that could identify anyone.</p>
            <div class="button-group no-print"><button type="button" class="button" onClick={() => window.print()}>Print this poster</button></div>
          </div>
        );
      }}
    </Loaded>
  );
}
