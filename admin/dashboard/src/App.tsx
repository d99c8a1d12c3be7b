import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Shell } from './components/Shell';

const Overview = lazy(() => import('./views/overview/OverviewView'));
const Findings = lazy(() => import('./views/findings/FindingsView'));
const FindingPage = lazy(() => import('./views/findings/FindingPage'));
const Live = lazy(() => import('./views/live/LiveView'));
const Policy = lazy(() => import('./views/policy/PolicyView'));
const Inventory = lazy(() => import('./views/inventory/InventoryView'));
const Controls = lazy(() => import('./views/controls/ControlsView'));
const ControlPage = lazy(() => import('./views/controls/ControlPage'));
const ControlEditor = lazy(() => import('./views/controls/ControlEditor'));
const Guardian = lazy(() => import('./views/guardian/GuardianView'));
const Integrations = lazy(() => import('./views/integrations/IntegrationsView'));
const Graph = lazy(() => import('./views/graph/GraphView'));
const RedTeam = lazy(() => import('./views/redteam/RedTeamView'));

export function App() {
  return (
    <Shell>
      <Suspense fallback={<Loader aria-label="Loading" />}>
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/findings" element={<Findings />} />
          <Route path="/findings/:id" element={<FindingPage />} />
          <Route path="/live" element={<Live />} />
          <Route path="/policy" element={<Policy />} />
          <Route path="/inventory" element={<Inventory />} />
          <Route path="/controls" element={<Controls />} />
          <Route path="/controls/new" element={<ControlEditor />} />
          <Route path="/controls/:id" element={<ControlPage />} />
          <Route path="/guardian" element={<Guardian />} />
          <Route path="/integrations" element={<Integrations />} />
          <Route path="/graph" element={<Graph />} />
          <Route path="/redteam" element={<RedTeam />} />
          <Route path="*" element={<p>No such page.</p>} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
