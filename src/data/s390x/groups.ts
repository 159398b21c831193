/*
 * s390x CPU feature groups (facts only, no logic).
 *
 * Rows are in the order of QEMU's S390FeatGroup enumeration (the order QEMU
 * prints them in "-cpu help" and the order in which it folds fully-set or
 * fully-clear groups into a single group name in expansion replies).
 * Members are feature names from features.ts, listed in the order QEMU's
 * generator lists them.
 *
 * Rows without `since` existed in QEMU 7.2 (descriptions as 7.2 prints them).
 * Rows with `since: '10.0'` came with the IBM z17 (gen17) enablement; note
 * that QEMU 10.0 inserted some of them in the middle of the enumeration
 * (plo_ext after plo, gen17ptff after gen13ptff, msa10..msa13_pckmo after
 * msa9_pckmo), so a consumer emulating 7.2 must filter them out.
 * A group's members never carry their own `since`: every 7.2 group kept
 * exactly its 7.2 members; new members only appear in new groups.
 */

export interface S390GroupRow {
  name: string;
  desc: string;
  members: readonly string[];
  since?: string;
}

const PLO_72 = [
  'plo-cl', 'plo-clg', 'plo-clgr', 'plo-clx',
  'plo-cs', 'plo-csg', 'plo-csgr', 'plo-csx',
  'plo-dcs', 'plo-dcsg', 'plo-dcsgr', 'plo-dcsx',
  'plo-csst', 'plo-csstg', 'plo-csstgr', 'plo-csstx',
  'plo-csdst', 'plo-csdstg', 'plo-csdstgr', 'plo-csdstx',
  'plo-cstst', 'plo-cststg', 'plo-cststgr', 'plo-cststx',
] as const;

const PLO_EXT = [
  'plo-ext',
  'plo-clo', 'plo-cso', 'plo-dcso', 'plo-cssto', 'plo-csdsto', 'plo-cststo',
  'plo-tcs', 'plo-tcsg', 'plo-tcsx', 'plo-tcso',
  'plo-qcs', 'plo-qcsg', 'plo-qcsx', 'plo-qcso',
  'plo-lo', 'plo-dlx', 'plo-dlo',
  'plo-tl', 'plo-tlg', 'plo-tlx', 'plo-tlo',
  'plo-ql', 'plo-qlg', 'plo-qlx', 'plo-qlo',
  'plo-sto', 'plo-dst', 'plo-dstg', 'plo-dstx', 'plo-dsto',
  'plo-tst', 'plo-tstg', 'plo-tstx', 'plo-tsto',
  'plo-qst', 'plo-qstg', 'plo-qstx', 'plo-qsto',
] as const;

/** the twelve classic DEA/TDEA/AES code points shared by KMCTR, KMF, KMO */
const sym12 = (p: string): string[] => [
  `${p}-dea`, `${p}-tdea-128`, `${p}-tdea-192`,
  `${p}-edea`, `${p}-etdea-128`, `${p}-etdea-192`,
  `${p}-aes-128`, `${p}-aes-192`, `${p}-aes-256`,
  `${p}-eaes-128`, `${p}-eaes-192`, `${p}-eaes-256`,
];

export const S390_GROUPS: readonly S390GroupRow[] = [
  { name: 'plo', desc: 'Perform-locked-operation facility', members: PLO_72 },
  { name: 'plo_ext', desc: 'PLO-extension facility', members: PLO_EXT, since: '10.0' },
  {
    name: 'tods',
    desc: 'Tod-clock-steering facility',
    members: ['tods-base', 'ptff-qto', 'ptff-qsi', 'ptff-qpc', 'ptff-sto'],
  },
  {
    name: 'gen13ptff',
    desc: 'PTFF enhancements introduced with z13',
    members: ['ptff-qui', 'ptff-qtou', 'ptff-stou'],
  },
  {
    name: 'gen17ptff',
    desc: 'PTFF enhancements introduced with gen17',
    members: ['ptff-qtse'],
    since: '10.0',
  },
  {
    name: 'msa',
    desc: 'Message-security-assist facility',
    members: [
      'msa-base',
      'kmac-dea', 'kmac-tdea-128', 'kmac-tdea-192',
      'kmc-dea', 'kmc-tdea-128', 'kmc-tdea-192',
      'km-dea', 'km-tdea-128', 'km-tdea-192',
      'kimd-sha-1', 'klmd-sha-1',
    ],
  },
  {
    name: 'msa1',
    desc: 'Message-security-assist-extension 1 facility',
    members: ['kmc-aes-128', 'km-aes-128', 'kimd-sha-256', 'klmd-sha-256'],
  },
  {
    name: 'msa2',
    desc: 'Message-security-assist-extension 2 facility',
    members: [
      'kmc-aes-192', 'kmc-aes-256', 'kmc-prng',
      'km-aes-192', 'km-aes-256',
      'kimd-sha-512', 'klmd-sha-512',
    ],
  },
  {
    name: 'msa3',
    desc: 'Message-security-assist-extension 3 facility',
    members: [
      'msa3-base',
      'kmac-edea', 'kmac-etdea-128', 'kmac-etdea-192',
      'kmc-eaes-128', 'kmc-eaes-192', 'kmc-eaes-256',
      'kmc-edea', 'kmc-etdea-128', 'kmc-etdea-192',
      'km-edea', 'km-etdea-128', 'km-etdea-192',
      'km-eaes-128', 'km-eaes-192', 'km-eaes-256',
      'pckmo-edea', 'pckmo-etdea-128', 'pckmo-etdea-192',
      'pckmo-aes-128', 'pckmo-aes-192', 'pckmo-aes-256',
    ],
  },
  {
    name: 'msa4',
    desc: 'Message-security-assist-extension 4 facility',
    members: [
      'msa4-base',
      'kmac-aes-128', 'kmac-aes-192', 'kmac-aes-256',
      'kmac-eaes-128', 'kmac-eaes-192', 'kmac-eaes-256',
      'km-xts-aes-128', 'km-xts-aes-256', 'km-xts-eaes-128', 'km-xts-eaes-256',
      'kimd-ghash',
      ...sym12('kmctr'),
      ...sym12('kmf'),
      ...sym12('kmo'),
      'pcc-cmac-dea', 'pcc-cmac-tdea-128', 'pcc-cmac-tdea-192',
      'pcc-cmac-edea', 'pcc-cmac-etdea-128', 'pcc-cmac-etdea-192',
      'pcc-cmac-aes-128', 'pcc-cmac-aes-192', 'pcc-cmac-aes-256',
      'pcc-cmac-eaes-128', 'pcc-cmac-eaes-192', 'pcc-cmac-eaes-256',
      'pcc-xts-aes-128', 'pcc-xts-aes-256', 'pcc-xts-eaes-128', 'pcc-xts-eaes-256',
    ],
  },
  {
    name: 'msa5',
    desc: 'Message-security-assist-extension 5 facility',
    members: ['msa5-base', 'ppno-sha-512-drng'],
  },
  {
    name: 'msa6',
    desc: 'Message-security-assist-extension 6 facility',
    members: [
      'kimd-sha3-224', 'kimd-sha3-256', 'kimd-sha3-384', 'kimd-sha3-512',
      'kimd-shake-128', 'kimd-shake-256',
      'klmd-sha3-224', 'klmd-sha3-256', 'klmd-sha3-384', 'klmd-sha3-512',
      'klmd-shake-128', 'klmd-shake-256',
    ],
  },
  {
    name: 'msa7',
    desc: 'Message-security-assist-extension 7 facility',
    members: ['prno-trng-qrtcr', 'prno-trng'],
  },
  {
    name: 'msa8',
    desc: 'Message-security-assist-extension 8 facility',
    members: [
      'msa8-base',
      'kma-gcm-aes-128', 'kma-gcm-aes-192', 'kma-gcm-aes-256',
      'kma-gcm-eaes-128', 'kma-gcm-eaes-192', 'kma-gcm-eaes-256',
    ],
  },
  {
    name: 'msa9',
    desc: 'Message-security-assist-extension 9 facility',
    members: [
      'msa9-base',
      'kdsa-ecdsa-verify-p256', 'kdsa-ecdsa-verify-p384', 'kdsa-ecdsa-verify-p521',
      'kdsa-ecdsa-sign-p256', 'kdsa-ecdsa-sign-p384', 'kdsa-ecdsa-sign-p521',
      'kdsa-eecdsa-sign-p256', 'kdsa-eecdsa-sign-p384', 'kdsa-eecdsa-sign-p521',
      'kdsa-eddsa-verify-ed25519', 'kdsa-eddsa-verify-ed448',
      'kdsa-eddsa-sign-ed25519', 'kdsa-eddsa-sign-ed448',
      'kdsa-eeddsa-sign-ed25519', 'kdsa-eeddsa-sign-ed448',
      'pcc-scalar-mult-p256', 'pcc-scalar-mult-p384', 'pcc-scalar-mult-p521',
      'pcc-scalar-mult-ed25519', 'pcc-scalar-mult-ed448',
      'pcc-scalar-mult-x25519', 'pcc-scalar-mult-x448',
    ],
  },
  {
    name: 'msa9_pckmo',
    desc: 'Message-security-assist-extension 9 PCKMO subfunctions',
    members: [
      'pckmo-ecc-p256', 'pckmo-ecc-p384', 'pckmo-ecc-p521',
      'pckmo-ecc-ed25519', 'pckmo-ecc-ed448',
    ],
  },
  {
    name: 'msa10',
    desc: 'Message-security-assist-extension 10 facility',
    members: ['km-full-xts-aes-128', 'km-full-xts-aes-256', 'km-full-xts-eaes-128', 'km-full-xts-eaes-256'],
    since: '10.0',
  },
  {
    name: 'msa10_pckmo',
    desc: 'Message-security-assist-extension 10 PCKMO subfunctions',
    members: ['pckmo-aes-xts-128-dk', 'pckmo-aes-xts-256-dk'],
    since: '10.0',
  },
  {
    name: 'msa11',
    desc: 'Message-security-assist-extension 11 facility',
    members: [
      'kmac-hmac-sha-224', 'kmac-hmac-sha-246', 'kmac-hmac-sha-384', 'kmac-hmac-sha-512',
      'kmac-hmac-esha-224', 'kmac-hmac-esha-246', 'kmac-hmac-esha-384', 'kmac-hmac-esha-512',
    ],
    since: '10.0',
  },
  {
    name: 'msa11_pckmo',
    desc: 'Message-security-assist-extension 11 PCKMO subfunctions',
    members: ['pckmo-hmac-512', 'pckmo-hmac-1024'],
    since: '10.0',
  },
  {
    name: 'msa12',
    desc: 'Message-security-assist-extension 12 facility',
    members: ['msa12-base'],
    since: '10.0',
  },
  {
    name: 'msa13',
    desc: 'Message-security-assist-extension 13 facility',
    members: [
      'kdsa-qai', 'kimd-qai', 'klmd-qai', 'kmac-qai', 'kma-qai', 'kmctr-qai',
      'kmf-qai', 'kmo-qai', 'km-qai', 'pcc-qai', 'prno-qai',
    ],
    since: '10.0',
  },
  {
    name: 'msa13_pckmo',
    desc: 'Message-security-assist-extension 13 PCKMO subfunctions',
    members: ['pckmo-qai'],
    since: '10.0',
  },
  {
    name: 'mepochptff',
    desc: 'PTFF enhancements introduced with Multiple-epoch facility',
    members: ['ptff-qsie', 'ptff-qtoue', 'ptff-stoe', 'ptff-stoue'],
  },
  {
    name: 'esort',
    desc: 'Enhanced-sort facility',
    members: ['esort-base', 'sortl-sflr', 'sortl-svlr', 'sortl-32', 'sortl-128', 'sortl-f0'],
  },
  {
    name: 'deflate',
    desc: 'Deflate-conversion facility',
    members: ['deflate-base', 'dfltcc-gdht', 'dfltcc-cmpr', 'dfltcc-xpnd', 'dfltcc-f0'],
  },
  {
    name: 'ccf',
    desc: 'Concurrent-functions facility',
    members: ['ccf-base', 'pfcr-qaf', 'pfcr-csdst', 'pfcr-csdstg', 'pfcr-cstst', 'pfcr-cststg'],
    since: '10.0',
  },
];
